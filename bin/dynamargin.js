#!/usr/bin/env node
// The `dynamargin` command: runs the built CLI (dist/bundle/cli.js, the bundle of dist/cli/main.js
// that `npm run build` writes), then exits once stdout has drained.
import { main } from '../dist/bundle/cli.js';

const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));

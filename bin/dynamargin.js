#!/usr/bin/env node
// The `dynamargin` command: runs the built CLI (dist/), then exits once stdout has drained.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));

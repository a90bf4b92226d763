/** `dynamargin schema policy|market|portfolio`: print the JSON Schema of an input file. */
import { Argument, type Command } from 'commander';
import { jsonSchemas, schemaFileText, type InputJsonSchemas } from '../schemas.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import type { CliIo } from './io.js';

const NAMES = Object.keys(jsonSchemas()) as (keyof InputJsonSchemas)[];

const EXAMPLES = `
The same files ship in the package's schemas/ folder; a document can point at one with "$schema".

Examples:
  $ dynamargin schema policy > policy.schema.json
  $ dynamargin schema portfolio --out portfolio.schema.json`;

export function addSchemaCommand(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of policy.json, market.json or portfolio.json')
    .addArgument(new Argument('<file>', 'which input file').choices(NAMES))
    .option('--out <file>', 'write the schema here (atomically) instead of stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (name: keyof InputJsonSchemas, o: { out?: string }) => {
      const text = schemaFileText(jsonSchemas()[name]);
      if (o.out) await writeFileAtomic(o.out, text);
      else io.stdout(text);
    });
}

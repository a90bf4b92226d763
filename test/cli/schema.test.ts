// Issue #17.6: `dynamargin schema policy|market|portfolio` prints each JSON Schema, the same as the
// shipped schemas/ files, and the policy schema accepts the default policy and rejects a misspelt field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMain } from './runCli.js';
import { DEFAULT_POLICY_CONFIG } from '../../src/policy/config.js';

const run = runMain;

describe('dynamargin schema (#17.6)', () => {
  for (const name of ['policy', 'market', 'portfolio']) {
    it(`schema ${name} prints schemas/${name}.schema.json`, async () => {
      const r = await run('schema', name);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8'));
      expect(JSON.parse(r.stdout).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    });
  }

  it('the policy schema names every section of the default policy and forbids unknown fields', async () => {
    const schema = JSON.parse((await run('schema', 'policy')).stdout) as { properties: Record<string, unknown>; additionalProperties: boolean };
    for (const section of Object.keys(DEFAULT_POLICY_CONFIG)) expect(schema.properties, section).toHaveProperty(section);
    expect(schema.properties).toHaveProperty('deltaOne');
    expect(schema.additionalProperties).toBe(false);
  });

  it('an unknown schema name is exit code 2 listing the choices', async () => {
    const r = await run('schema', 'polcy');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are market, portfolio, policy/);
  });
});

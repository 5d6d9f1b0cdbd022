import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { cascadeJsonSchema, runSchema } from '../../client/cli/commands/schema';

describe('cascade schema', () => {
  const schema = cascadeJsonSchema() as { $defs: Record<string, { properties: Record<string, unknown> }>; properties: Record<string, unknown> };
  // formats are advisory in JSON Schema; the email pattern is enforced anyway
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  const example = parse(readFileSync('examples/ct21-yte-thanhhoa.yaml', 'utf8'));

  it('is recursive through $defs.OrgNode, not inlined', () => {
    expect(schema.properties.org).toEqual({ $ref: '#/$defs/OrgNode' });
    expect(schema.$defs.OrgNode!.properties.children).toEqual({ type: 'array', items: { $ref: '#/$defs/OrgNode' } });
  });

  it('validates the shipped example with an independent validator (ajv)', () => {
    expect(validate(example)).toBe(true);
  });

  it('rejects a bad email and an unknown key deep in the tree', () => {
    const bad = structuredClone(example);
    bad.org.children[40].children = [{ ...bad.org.children[1], id: 'x', head: { ...bad.org.children[1].head, email: 'x' } }];
    expect(validate(bad)).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath === '/org/children/40/children/0/head/email')).toBe(true);
    const typo = structuredClone(example);
    typo.org.children[0].emial = 'a@b.example';
    expect(validate(typo)).toBe(false);
  });

  it('prints valid JSON', () => {
    const r = runSchema();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.join('\n')).$defs.OrgNode).toBeDefined();
  });
});

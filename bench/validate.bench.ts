/**
 * Target from issue #3: validating a generated 10,000-unit file takes under 2 s.
 * Measured end to end as `cascade validate` does it (read, UTF-8 check, YAML
 * parse, schema, cross-field rules, deadlines for two years), and for the
 * domain part alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runValidate } from '../client/cli/commands/validate';
import { generateCascade, parseCascade } from '../domain/cascade';
import type { Bench } from './run';

const UNITS = 10_000;

interface Ctx { dir: string; file: string }

const benches: Bench[] = [
  {
    name: `cascade validate, ${UNITS}-unit YAML file`,
    targetMs: 2000,
    setup: (): Ctx => {
      const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
      const file = join(dir, 'big.yaml');
      writeFileSync(file, stringify(generateCascade({ units: UNITS, depth: 4, fanout: 25 }), { lineWidth: 0 }));
      return { dir, file };
    },
    fn: (ctx) => {
      const r = runValidate((ctx as Ctx).file, { years: [2026, 2027] });
      if (r.code !== 0) throw new Error(r.err.join('\n'));
    },
    teardown: (ctx) => rmSync((ctx as Ctx).dir, { recursive: true, force: true }),
  },
  {
    name: `parseCascade (domain only), ${UNITS} units`,
    setup: () => JSON.parse(JSON.stringify(generateCascade({ units: UNITS, depth: 4, fanout: 25 }))) as unknown,
    fn: (input) => {
      if (!parseCascade(input).ok) throw new Error('generated cascade is invalid');
    },
  },
];

export default benches;

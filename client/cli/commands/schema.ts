/** `cascade schema`: the JSON Schema of cascade files, for editors and other validators. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { cascadeSchema } from '../../../domain/cascade';
import { emit, type CommandOutput } from '../../shared/cascade-file';

/**
 * The schema of what a file author writes (`io: 'input'`: fields with defaults
 * are optional). The recursive org tree is `$defs.OrgNode`, referenced by `$ref`.
 */
export function cascadeJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(cascadeSchema, { io: 'input' }),
    $id: 'https://directive-cascade.example/schema/cascade-v1.json',
    title: 'Tệp định nghĩa cascade (triển khai văn bản chỉ đạo theo cấp)',
  };
}

/** @returns the schema as pretty JSON, written to `out` when given */
export function runSchema(out?: string): CommandOutput {
  const text = `${JSON.stringify(cascadeJsonSchema(), null, 2)}\n`;
  if (!out) return { code: 0, out: [text.trimEnd()], err: [] };
  writeFileSync(out, text);
  return { code: 0, out: [], err: [`đã ghi ${out}`] };
}

/** Registers `schema`. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('in JSON Schema của tệp cascade')
    .option('--out <file>', 'ghi ra tệp thay vì stdout')
    .action((o: { out?: string }) => emit(runSchema(o.out)));
}

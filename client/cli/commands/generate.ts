/** `cascade generate`: a synthetic cascade file for scale tests. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { generateCascade, type GenerateOptions } from '../../../domain/cascade';
import { emit, intOption, UsageError, type CommandOutput } from '../../shared/cascade-file';

/** Writes the generated cascade as JSON when `out` ends in `.json`, YAML otherwise. */
export function runGenerate(opts: GenerateOptions, out: string): CommandOutput {
  let cascade;
  try {
    cascade = generateCascade(opts);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  const text = out.endsWith('.json') ? `${JSON.stringify(cascade, null, 1)}\n` : stringify(cascade, { lineWidth: 0 });
  writeFileSync(out, text);
  return { code: 0, out: [], err: [`đã ghi ${out}: ${opts.units} đơn vị, tối đa ${opts.depth} cấp, ${opts.fanout} con mỗi nút`] };
}

/** Registers `generate`. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('sinh tệp cascade giả lập (xác định theo seed) để thử quy mô')
    .requiredOption('--units <n>', 'số đơn vị dưới gốc', intOption('--units', 1, 100_000))
    .requiredOption('--depth <n>', 'số cấp tối đa dưới gốc', intOption('--depth', 1, 50))
    .requiredOption('--fanout <n>', 'số đơn vị con mỗi nút', intOption('--fanout', 1, 10_000))
    .requiredOption('--out <file>', 'tệp ra (.yaml hoặc .json)')
    .option('--seed <n>', 'hạt giống ngẫu nhiên', intOption('--seed', 0, 2 ** 31), 1)
    .action((o: { units: number; depth: number; fanout: number; out: string; seed: number }) =>
      emit(runGenerate({ units: o.units, depth: o.depth, fanout: o.fanout, seed: o.seed }, o.out)));
}

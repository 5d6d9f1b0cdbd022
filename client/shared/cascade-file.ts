/**
 * Loading cascade (and calendar) files on the Node side: bytes → text → YAML
 * document → plain value → domain validation, with every problem located by
 * path, line and column. Nothing here throws for a user mistake; callers get
 * a list of problems to print.
 *
 * Decisions: a UTF-8 BOM is accepted with a warning (Notepad on Windows adds
 * one); UTF-16 and invalid UTF-8 are refused. JSON files go through the same
 * YAML parser (JSON is YAML 1.2), so they get line numbers and duplicate-key
 * checks too.
 *
 * Two parsers, for speed: js-yaml (about ten times faster on a 10,000-unit
 * file) reads the file first; only when that or the validation fails is the
 * file re-read with `yaml`, whose document keeps the positions needed to say
 * where each problem is. Both refuse duplicate keys and resolve only the core
 * schema (dates stay strings).
 */
import { readFileSync, statSync } from 'node:fs';
import { CORE_SCHEMA, load as fastLoad } from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { mergeCalendarData, parseCalendarData, SHIPPED_CALENDAR, type CalendarData } from '../../domain/calendar';
import { DEFAULT_LIMITS, error, formatPath, parseCascade, warning, type Cascade, type CascadeLimits, type CascadeProblem, type PathSegment } from '../../domain/cascade';

/**
 * Files above this size are refused unread (by their size on disk, before any
 * byte is read or parsed). A national cascade (~15,000 units) is about 5 MB, a
 * 20,000-unit one about 7 MB, and 50,000 units (the most a cascade may hold)
 * about 10 MB as JSON.
 */
export const MAX_FILE_BYTES = 24 * 1024 * 1024;
/**
 * Up to this size a file with problems is re-read with `yaml` to say the line
 * and column of each. That document costs ~100 times the file in memory (a
 * 16 MB file took 20 s and 1.8 GB), so above it problems are named by their
 * path only.
 */
export const LOCATED_MAX_BYTES = 8 * 1024 * 1024;
/** Alias expansions allowed per document; a billion-laughs file needs millions. */
export const MAX_ALIAS_COUNT = 1000;

/** A problem with its place in the file, when known. */
export interface FileProblem extends CascadeProblem {
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

/** Outcome of loading a file. */
export type LoadResult<T> = { ok: true; value: T; warnings: FileProblem[] } | { ok: false; problems: FileProblem[] };

/** A loaded cascade, with a way to place later problems (e.g. per-year deadline checks) in the file. */
export type CascadeLoadResult =
  | { ok: true; value: Cascade; warnings: FileProblem[]; locate: (problems: CascadeProblem[]) => FileProblem[] }
  | { ok: false; problems: FileProblem[] };

/** `json` adds a strict JSON syntax check (YAML would accept trailing commas and comments). */
export type FileFormat = 'yaml' | 'json';

/** @returns `json` for `*.json`, otherwise `yaml` */
export function formatOf(file: string): FileFormat {
  return file.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/** Strict JSON syntax, with the line and column of the first error. */
function jsonSyntax(text: string): FileProblem[] {
  try {
    JSON.parse(text);
    return [];
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    const where: { line?: number; column?: number } = {};
    if (m) {
      const before = text.slice(0, Number(m[1]));
      where.line = before.split('\n').length;
      where.column = before.length - before.lastIndexOf('\n');
    }
    return [{ ...error([], `lỗi cú pháp JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`), ...where }];
  }
}

type Decoded = { ok: true; text: string; warnings: FileProblem[] } | { ok: false; problems: FileProblem[] };

function readBytes(file: string): { ok: true; bytes: Buffer } | { ok: false; problems: FileProblem[] } {
  try {
    const st = statSync(file);
    if (!st.isFile()) return { ok: false, problems: [error([], 'không phải là tệp')] };
    if (st.size > MAX_FILE_BYTES) {
      return { ok: false, problems: [error([], `tệp quá lớn (${st.size} byte, tối đa ${MAX_FILE_BYTES} byte)`)] };
    }
    return { ok: true, bytes: readFileSync(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'không tìm thấy tệp' : code === 'EACCES' ? 'không có quyền đọc tệp' : `không đọc được tệp (${code ?? String(e)})`;
    return { ok: false, problems: [error([], message)] };
  }
}

/** @returns the byte offset of the first byte that is not valid UTF-8, or -1 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // overlongs, surrogates and > U+10FFFF
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/** Bytes → text: refuses UTF-16 and invalid UTF-8 with the line of the first bad byte. */
export function decodeText(bytes: Uint8Array): Decoded {
  const warnings: FileProblem[] = [];
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problems: [{ ...error([], 'tệp mã hóa UTF-16; hãy lưu lại dưới dạng UTF-8'), line: 1, column: 1 }] };
  }
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    start = 3;
    warnings.push({ ...warning([], 'tệp có BOM UTF-8 ở đầu; đã bỏ qua (nên lưu dạng UTF-8 không BOM)'), line: 1, column: 1 });
  }
  const body = bytes.subarray(start);
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bad; i++) {
      if (body[i] !== 0x0a) continue;
      line++;
      lineStart = i + 1;
    }
    const byte = body[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      problems: [{ ...error([], `tệp không phải UTF-8 hợp lệ (byte 0x${byte}); hãy lưu lại dưới dạng UTF-8`), line, column: bad - lineStart + 1 }],
    };
  }
  return { ok: true, text: new TextDecoder('utf-8').decode(body), warnings };
}

interface Located { node: YamlNode; offset: number }

/** @returns the start offset of the deepest node along the path that exists */
function locate(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0];
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: Located | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      const keyNode = pair?.key as YamlNode | undefined;
      if (pair && keyNode?.range) next = { node: (pair.value ?? keyNode) as YamlNode, offset: keyNode.range[0] };
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (item?.range) next = { node: item, offset: item.range[0] };
    }
    if (!next) break;
    node = next.node;
    offset = next.offset;
  }
  return offset;
}

/** Duplicate keys, found on the AST so each gets its exact path. */
function duplicateKeys(doc: Document, lc: LineCounter): FileProblem[] {
  const out: FileProblem[] = [];
  const walk = (node: unknown, path: PathSegment[]): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        if (seen.has(k)) {
          const pos = lc.linePos(pair.key.range?.[0] ?? 0);
          out.push({ ...error([...path, k], `khóa "${k}" bị lặp lại`), line: pos.line, column: pos.col });
        }
        seen.add(k);
        walk(pair.value, [...path, k]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return out;
}

/**
 * Text → plain value: YAML (or JSON) with duplicate keys refused, aliases
 * bounded, syntax errors located.
 */
export function parseYamlText(text: string): { ok: true; value: unknown; doc: Document; lineCounter: LineCounter } | { ok: false; problems: FileProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const problems: FileProblem[] = doc.errors.map((e) => ({
    ...error([], `lỗi cú pháp YAML: ${e.message.split('\n')[0]}`),
    ...at(e.pos[0]),
  }));
  problems.push(...duplicateKeys(doc, lineCounter));
  if (problems.length) return { ok: false, problems };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown, doc, lineCounter };
  } catch (e) {
    const message = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `quá nhiều tham chiếu alias (tối đa ${MAX_ALIAS_COUNT}); tệp có dấu hiệu "billion laughs"`
      : `không đọc được nội dung YAML: ${(e as Error).message}`;
    return { ok: false, problems: [error([], message)] };
  }
}

function withPositions(problems: CascadeProblem[], doc: Document, lc: LineCounter): FileProblem[] {
  return problems.map((p) => {
    const offset = locate(doc, p.path);
    if (offset === undefined) return p;
    const pos = lc.linePos(offset);
    return { ...p, line: pos.line, column: pos.col };
  });
}

/**
 * Loads and validates a cascade file (YAML or JSON).
 * @param file path to the file
 * @param limits size bounds of the tree; defaults to the domain's
 * @returns the cascade and warnings, or every problem found (never throws for bad input)
 */
export function loadCascadeFile(file: string, limits: CascadeLimits = DEFAULT_LIMITS): CascadeLoadResult {
  const read = readBytes(file);
  if (!read.ok) return read;
  return parseCascadeBytes(read.bytes, formatOf(file), limits);
}

/** As {@link loadCascadeFile}, from bytes already in memory (the web upload, tests). */
export function parseCascadeBytes(bytes: Uint8Array, format: FileFormat = 'yaml', limits: CascadeLimits = DEFAULT_LIMITS): CascadeLoadResult {
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, problems: [error([], `tệp quá lớn (tối đa ${MAX_FILE_BYTES} byte)`)] };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  if (format === 'json') {
    const syntax = jsonSyntax(decoded.text);
    if (syntax.length) return { ok: false, problems: [...decoded.warnings, ...syntax] };
  }
  const fast = fastPath(decoded.text, limits);
  const locatable = bytes.length <= LOCATED_MAX_BYTES;
  if (fast) {
    let located: ((problems: CascadeProblem[]) => FileProblem[]) | undefined;
    const locate = (problems: CascadeProblem[]): FileProblem[] => {
      if (!problems.length || !locatable) return problems;
      if (!located) {
        const parsed = parseYamlText(decoded.text);
        located = parsed.ok ? (ps) => withPositions(ps, parsed.doc, parsed.lineCounter) : (ps) => ps;
      }
      return located(problems);
    };
    return { ok: true, value: fast.cascade, warnings: [...decoded.warnings, ...locate(fast.warnings)], locate };
  }
  if (!locatable) return { ok: false, problems: [...decoded.warnings, unlocatedNote(bytes.length), ...unlocatedProblems(decoded.text, limits)] };
  const parsed = parseYamlText(decoded.text);
  if (!parsed.ok) return { ok: false, problems: [...decoded.warnings, ...parsed.problems] };
  const result = parseCascade(parsed.value, limits);
  if (!result.ok) return { ok: false, problems: [...decoded.warnings, ...withPositions(result.problems, parsed.doc, parsed.lineCounter)] };
  // The fast parser refused what `yaml` accepts: trust the one that reports positions.
  const locate = (problems: CascadeProblem[]): FileProblem[] => withPositions(problems, parsed.doc, parsed.lineCounter);
  return { ok: true, value: result.cascade, warnings: [...decoded.warnings, ...locate(result.warnings)], locate };
}

/** @returns the warning that says why a large file's problems come without line numbers */
function unlocatedNote(size: number): FileProblem {
  return warning([], `tệp lớn (${size} byte, trên ${LOCATED_MAX_BYTES} byte): lỗi được nêu theo đường dẫn, không kèm số dòng`);
}

/** @returns a large file's problems from js-yaml alone: its syntax error (with its line), or the validation's, by path */
function unlocatedProblems(text: string, limits: CascadeLimits): FileProblem[] {
  let value: unknown;
  try {
    value = fastLoad(text, { schema: CORE_SCHEMA });
  } catch (e) {
    const { reason, mark } = e as { reason?: string; mark?: { line: number; column: number } };
    return [{ ...error([], `lỗi cú pháp: ${reason ?? (e as Error).message}`), ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {}) }];
  }
  const result = parseCascade(value, limits);
  return result.ok ? [] : result.problems;
}

/** @returns the valid cascade via js-yaml, or undefined when anything is wrong (the slow path explains what) */
function fastPath(text: string, limits: CascadeLimits): { cascade: Cascade; warnings: CascadeProblem[] } | undefined {
  let value: unknown;
  try {
    value = fastLoad(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  const result = parseCascade(value, limits);
  return result.ok ? result : undefined;
}

/**
 * Loads extra calendar data files (same format as `calendar/vn-official.json`)
 * and merges them over the shipped schedules; later files win per year.
 */
export function loadCalendarFiles(files: readonly string[]): LoadResult<CalendarData> & { file?: string } {
  const layers: CalendarData[] = [SHIPPED_CALENDAR];
  for (const file of files) {
    const read = readBytes(file);
    if (!read.ok) return { ...read, file };
    const decoded = decodeText(read.bytes);
    if (!decoded.ok) return { ...decoded, file };
    const parsed = parseYamlText(decoded.text);
    if (!parsed.ok) return { ...parsed, file };
    const data = parseCalendarData(parsed.value);
    if (!data.ok) {
      const problems = data.problems.map((p) => ({ ...error(p.path, p.message) }));
      return { ok: false, problems: withPositions(problems, parsed.doc, parsed.lineCounter), file };
    }
    layers.push(data.data);
  }
  return { ok: true, value: mergeCalendarData(...layers), warnings: [] };
}

/**
 * @returns one line: `file:line:col: lỗi: path: message` (warnings say `cảnh báo`);
 *   the location part shrinks to what is known
 */
export function formatProblem(file: string, p: FileProblem): string {
  const where = [file, p.line, p.column].filter((x) => x !== undefined).join(':');
  const kind = p.severity === 'error' ? 'lỗi' : 'cảnh báo';
  const path = p.path.length ? `${formatPath(p.path)}: ` : '';
  return `${where}: ${kind}: ${path}${p.message.replace(/\s*\n\s*/g, ' ')}`;
}

// --- Shared by the CLI commands (kept here: the command files are one per command). ---

/** What a command produced: lines for stdout and stderr, and the exit code. */
export interface CommandOutput {
  code: number;
  out: string[];
  err: string[];
}

/** Prints a command's output and sets the exit code (never `process.exit`, so output is flushed). */
export function emit({ code, out, err }: CommandOutput): void {
  for (const line of out) process.stdout.write(`${line}\n`);
  for (const line of err) process.stderr.write(`${line}\n`);
  process.exitCode = code;
}

/** A user mistake in CLI arguments: printed as one line, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * @returns a commander option parser for integers in [min, max]
 * @throws UsageError naming the option
 */
export function intOption(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new UsageError(`${option}: cần số nguyên từ ${min} đến ${max}, nhận được "${value}"`);
    }
    return n;
  };
}

/** Commander accumulator for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

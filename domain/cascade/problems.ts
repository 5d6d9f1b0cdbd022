/** Problems found in a cascade file, addressed by an exact path into it. */

/** One step into the file: an object key or an array index. */
export type PathSegment = string | number;

/** Something wrong (or doubtful, for warnings) at one place in a cascade file. */
export interface CascadeProblem {
  /** Keys and indexes from the document root, e.g. `['org', 'children', 3, 'head', 'email']`. */
  path: PathSegment[];
  /** Vietnamese, for the official who edits the file. */
  message: string;
  severity: 'error' | 'warning';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * @returns the path as people write it: `org.children[3].head.email`; keys that are
 *   not identifiers are quoted (`years["2026"]`); the empty path is `(gốc)`
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(gốc)';
}

/** @returns an error-severity problem */
export function error(path: PathSegment[], message: string): CascadeProblem {
  return { path, message, severity: 'error' };
}

/** @returns a warning-severity problem */
export function warning(path: PathSegment[], message: string): CascadeProblem {
  return { path, message, severity: 'warning' };
}

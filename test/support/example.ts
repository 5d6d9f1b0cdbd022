/** The shipped example cascade, loaded and validated as the CLI would. */
import path from 'node:path';
import { loadCascadeFile } from '../../client/shared/cascade-file';
import type { Cascade } from '../../domain/cascade/schema';

export const EXAMPLE_FILE = path.resolve(__dirname, '../../examples/ct21-yte-thanhhoa.yaml');

/** @returns the shipped example, validated */
export function loadExample(): Cascade {
  const loaded = loadCascadeFile(EXAMPLE_FILE);
  if (!loaded.ok) throw new Error(`example invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.value;
}

/**
 * @param keep direct units of the root to keep (with their subtrees): a small, fast cycle
 * @param tag suffix of the cascade id, so several cycles can share one server
 * @returns the shipped example trimmed to those units
 */
export function smallExample(keep: string[], tag = 'small'): Cascade {
  const cascade = loadExample();
  const children = (cascade.org.children ?? []).filter((c) => keep.includes(c.id));
  if (children.length !== keep.length) throw new Error(`not all of ${keep.join(', ')} are direct units of the example`);
  return { ...cascade, id: `${cascade.id}-${tag}`, org: { ...cascade.org, children } };
}

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

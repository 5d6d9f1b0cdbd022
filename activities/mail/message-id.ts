import { createHash } from 'node:crypto';
import type { Notification } from '../../domain/notifications';

/** Domain part of every Message-ID we generate. */
export const MESSAGE_ID_DOMAIN = 'directive-cascade.local';

/**
 * Deterministic per (workflowId, task, revision, kind, sequence): an activity
 * retry re-sends the *same* message, so receivers and tests can detect duplicates.
 * @returns e.g. `<3f2a…@directive-cascade.local>`
 */
export function messageIdFor(n: Pick<Notification, 'workflowId' | 'task' | 'revision' | 'kind' | 'sequence'>): string {
  const key = JSON.stringify([n.workflowId, n.task ?? null, n.revision, n.kind, n.sequence]);
  return `<${createHash('sha256').update(key, 'utf8').digest('hex')}@${MESSAGE_ID_DOMAIN}>`;
}

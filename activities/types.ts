/**
 * Activity interfaces, as types only: workflows import from here so that no
 * activity implementation (nodemailer, crypto) can enter the workflow bundle.
 */
export type { MailActivities } from './mail';
export type { AdminActivities } from './admin';
export type { HealthActivities } from './health';
export type { SnapshotActivities } from './snapshot';

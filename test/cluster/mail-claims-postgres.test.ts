/**
 * Mail claims for several machines, on a real PostgreSQL 15 (the one the
 * production twin runs): the backends' contract, with two stores on one
 * database as two worker machines would have; rows hold ids and times only.
 */
import { Client } from 'pg';
import { createPostgresMailClaims, MAIL_CLAIMS_TABLE } from '../../runtime/mail-claims-postgres';
import { openMailClaims } from '../../runtime/sent-mail-ledger-open';
import { sentMailKey } from '../../runtime/sent-mail-ledger';
import { mailClaimsContract } from '../support/mail-claims-contract';
import { useThrowawayPostgres } from '../support/throwaway-postgres';

const db = useThrowawayPostgres('mail-claims-pg-');

describe('PostgreSQL mail claims: the contract', () => {
  afterEach(async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(`DELETE FROM ${MAIL_CLAIMS_TABLE}`).catch(() => undefined);
    await c.end();
  });
  mailClaimsContract(() => createPostgresMailClaims(db.url));
});

describe('PostgreSQL mail claims', () => {
  it('are opened where the snapshot store is; a row is ids, times and an answer, nothing personal', async () => {
    const claims = openMailClaims({ dataDir: db.dir, snapshots: { dir: db.dir, postgresUrl: db.url } });
    const reader = new Client({ connectionString: db.url });
    try {
      const key = sentMailKey('run-1', '<m@directive-cascade.local>');
      await claims.claim(key, { workflowId: 'cascade/ct21/2027/unit/bv-mat', kind: 'reminder', messageId: '<m@directive-cascade.local>' }, new Date('2027-03-01T00:00:00Z'));
      await reader.connect();
      const { fields } = await reader.query(`SELECT * FROM ${MAIL_CLAIMS_TABLE}`);
      expect(fields.map((f) => f.name)).toEqual(['key', 'workflow_id', 'kind', 'message_id', 'claimed_at', 'held_at', 'decision', 'decided_at']);
      await expect(reader.query(`UPDATE ${MAIL_CLAIMS_TABLE} SET decision = 'maybe'`)).rejects.toThrow(/check constraint/);
      expect(await claims.prune(new Date('2027-03-02T00:00:00Z'))).toBe(1);
    } finally {
      await reader.end();
      await claims.close();
    }
  }, 60_000);
});

/**
 * The sent-mail ledger for several machines, on a real PostgreSQL 15 (the one the
 * production twin runs): two ledgers on the same database, as two worker machines
 * would be, see one another's entries; a row is a key and a time; an unreachable
 * database is an error within seconds, not a hang.
 */
import { Client } from 'pg';
import { sentMailKey } from '../../runtime/sent-mail-ledger';
import { createPostgresSentMailLedger, SENT_MAIL_TABLE } from '../../runtime/sent-mail-ledger-postgres';
import { openSentMailLedger } from '../../runtime/sent-mail-ledger-open';
import { freePort } from '../../runtime/temporal-dev-server';
import { useThrowawayPostgres } from '../support/throwaway-postgres';

const db = useThrowawayPostgres('sent-mail-pg-');

describe('PostgreSQL sent-mail ledger', () => {
  it('an entry written by one machine is seen by another; written once; a row is a key and a time; pruned by age', async () => {
    // Both ledgers create the table at the same moment, as workers starting together do.
    const a = openSentMailLedger({ dataDir: db.dir, snapshots: { dir: db.dir, postgresUrl: db.url } });
    const b = createPostgresSentMailLedger(db.url);
    const reader = new Client({ connectionString: db.url });
    try {
      const key = sentMailKey('run-1', '<m1@directive-cascade.local>');
      const other = sentMailKey('run-2', '<m1@directive-cascade.local>');
      expect(await Promise.all([a.sentAt(key), b.sentAt(key)])).toEqual([undefined, undefined]);
      const first = new Date('2027-05-04T03:02:01.000Z');
      await a.record(key, first);
      await b.record(key, new Date('2027-05-04T03:09:00.000Z'));
      expect(await b.sentAt(key)).toEqual(first);
      expect(await b.sentAt(other)).toBeUndefined();
      await reader.connect();
      const { rows, fields } = await reader.query(`SELECT * FROM ${SENT_MAIL_TABLE}`);
      expect(fields.map((f) => f.name)).toEqual(['key', 'sent_at']);
      expect(rows).toEqual([{ key, sent_at: first }]);

      await b.record(other, new Date('2027-05-20T00:00:00.000Z'));
      expect(await a.prune(new Date('2027-05-10T00:00:00.000Z'))).toBe(1);
      expect(await b.sentAt(key)).toBeUndefined();
      expect(await b.sentAt(other)).toEqual(new Date('2027-05-20T00:00:00.000Z'));
      await expect(a.sentAt("x' OR '1'='1")).rejects.toThrow(/not a sent-mail ledger key/);
    } finally {
      await reader.end();
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('an unreachable database is an error within seconds (the mail attempt fails and is retried)', async () => {
    const ledger = createPostgresSentMailLedger(`postgres://nobody:x@127.0.0.1:${await freePort()}/postgres`);
    try {
      await expect(ledger.sentAt(sentMailKey('run-1', '<m@x>'))).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await ledger.close();
    }
  }, 30_000);
});

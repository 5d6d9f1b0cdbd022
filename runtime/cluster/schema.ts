/**
 * Creates or upgrades the Temporal schemas with the server's own schema tool
 * (temporal-sql-tool), the way an operator does: `create-database`, then
 * `setup-schema -v 0.0` (only version tables on a fresh database), then
 * `update-schema` to the newest version shipped with the server. Every step is
 * a no-op when already done, so it runs at each start and after a server upgrade.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DATABASES } from './server-config';

const run = promisify(execFile);

/** Inputs of {@link ensureSchemas}. */
export interface SchemaTarget {
  sqlTool: string;
  /** Folder holding `postgresql/v12/{temporal,visibility}/versioned`. */
  schemaDir: string;
  postgres: { port: number; user: string; password: string };
}

/** The schema tool failed; says which database and step. */
export class SchemaError extends Error {
  constructor(database: string, step: string, cause: unknown) {
    const detail = (cause as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') || String(cause);
    super(`schema tool: ${step} on database "${database}" failed: ${detail}`, { cause });
    this.name = 'SchemaError';
  }
}

/**
 * Brings both databases to the server's schema version.
 * @param target the schema tool, the schema folder and the database login
 * @throws SchemaError naming the database and step that failed
 */
export async function ensureSchemas(target: SchemaTarget): Promise<void> {
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: '127.0.0.1',
    SQL_PORT: String(target.postgres.port),
    SQL_USER: target.postgres.user,
    // In the environment, not argv: other users can read a process's arguments.
    SQL_PASSWORD: target.postgres.password,
  };
  const steps: Array<[keyof typeof DATABASES, string]> = [
    ['temporal', 'temporal'],
    ['visibility', 'visibility'],
  ];
  for (const [key, folder] of steps) {
    const database = DATABASES[key];
    const tool = (args: string[]) => run(target.sqlTool, args, { env: { ...env, SQL_DATABASE: database }, encoding: 'utf8', timeout: 120_000 });
    try {
      await tool(['create-database']);
    } catch (err) {
      if (!/already exists/i.test(String((err as { stderr?: string }).stderr))) throw new SchemaError(database, 'create-database', err);
    }
    try {
      await tool(['setup-schema', '-v', '0.0']);
    } catch (err) {
      throw new SchemaError(database, 'setup-schema', err);
    }
    try {
      await tool(['update-schema', '-d', path.join(target.schemaDir, 'postgresql', 'v12', folder, 'versioned')]);
    } catch (err) {
      throw new SchemaError(database, 'update-schema', err);
    }
  }
}

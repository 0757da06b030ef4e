// Opening the database: the one place that knows the file path, the pragmas and the migrations.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = resolve(here, '../..');
const migrationsFolder = resolve(here, 'migrations');

/** The database file: explicit path, else DIALOGKUNSKAP_DB, else data/dialogkunskap.db. */
export function resolveDbPath(explicit?: string): string {
  return resolve(explicit ?? process.env.DIALOGKUNSKAP_DB ?? resolve(projectRoot, 'data/dialogkunskap.db'));
}

export function openDb(path?: string): Db {
  const file = resolveDbPath(path);
  mkdirSync(dirname(file), { recursive: true });
  const client = new Database(file);
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  // Deleted content (withdrawn notes) is overwritten with zeros, not just unlinked.
  client.pragma('secure_delete = ON');
  client.pragma('busy_timeout = 5000');
  const db = drizzle(client, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

/** Moves everything from the WAL into the main file and truncates the WAL, so deleted text is gone from disk. */
export function checkpoint(db: Db): void {
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
}

export function closeDb(db: Db): void {
  checkpoint(db);
  db.$client.close();
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// The .sql files sit beside this module in the source tree and are copied next to
// the compiled module by the build, so the same lookup works in tests and in the app.
const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The numbered migrations, in order. A landed migration is never edited. */
export function loadMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file,
      sql: readFileSync(migrationsDir + file, 'utf8'),
    }));
}

/** The schema version this build of the app writes. */
export function latestSchemaVersion(): number {
  return loadMigrations().at(-1)?.version ?? 0;
}

/** Brings the schema to the latest version, all migrations in one transaction. */
export function migrate(db: Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  const pending = loadMigrations().filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  })();
}

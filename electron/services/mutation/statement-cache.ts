import { type Database, type Statement } from 'better-sqlite3';

// better-sqlite3 keeps every prepared statement alive (native memory outside V8's heap) until the
// garbage collector happens to finalise its wrapper, so preparing per call grew the host by tens
// of kilobytes per saved cell. Statements are therefore made once per open workbook and reused.
const caches = new WeakMap<Database, Map<string, Statement>>();

/**
 * The prepared statement for `sql` on `db`, made on first use and kept until the workbook
 * closes ({@link dropStatements}). For SQL with a fixed text only: text built from values would
 * fill the cache.
 */
export function cachedStatement(db: Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map<string, Statement>();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** Forgets the statements of a workbook that is being closed (closing finalises them). */
export function dropStatements(db: Database): void {
  caches.delete(db);
}

/** How many statements are cached for `db` (for tests of the once-per-workbook rule). */
export function cachedStatementCount(db: Database): number {
  return caches.get(db)?.size ?? 0;
}

/**
 * Values derived from the workbook and kept for the session (the catalog's indicators, which
 * forms start at 1-2月), each tagged with the tables it was read from. The mutation pipeline
 * drops the entries of every table a committed mutation touched, and drops everything after a
 * rollback (an entry built inside the failed transaction may hold rows that no longer exist).
 */
export class SessionCaches {
  private readonly entries = new Map<string, { tables: readonly string[]; value: unknown }>();

  /** The cached value under `key`, built by `build` from `tables` when absent. */
  get<T>(key: string, tables: readonly string[], build: () => T): T {
    const entry = this.entries.get(key);
    if (entry) return entry.value as T;
    const value = build();
    this.entries.set(key, { tables, value });
    return value;
  }

  /** Drops every entry read from one of `tables`. */
  invalidate(tables: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries) if (entry.tables.some((t) => tables.has(t))) this.entries.delete(key);
  }

  /** Drops everything. */
  clear(): void {
    this.entries.clear();
  }
}

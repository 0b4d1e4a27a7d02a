import { type Database } from 'better-sqlite3';
import { readWorkbookBytes } from '../excel/read-workbook.js';
import { type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { getTemplate } from './template-repo.js';

// A template's bytes never change after registration, so its snapshot is read once per open
// workbook: the preview, auto-mapping and binding checks all need it, and a large template
// costs a second or two to read.
const cache = new WeakMap<Database, Map<number, Promise<WorkbookSnapshot>>>();

/**
 * The snapshot (values, formulas, styles, merges, widths) of a registered template as it was
 * registered (.xls/.et read by SheetJS).
 * @throws UserFacingError when the template no longer exists.
 */
export function templateSnapshot(db: Database, templateId: number): Promise<WorkbookSnapshot> {
  let byId = cache.get(db);
  if (!byId) {
    byId = new Map<number, Promise<WorkbookSnapshot>>();
    cache.set(db, byId);
  }
  let pending = byId.get(templateId);
  if (!pending) {
    const template = getTemplate(db, templateId);
    pending = readWorkbookBytes(template.content, template.fileName);
    // A failed read is not cached, so a later attempt reports the real error again.
    pending.catch(() => byId.delete(templateId));
    byId.set(templateId, pending);
  }
  return pending;
}

/** Drops a removed template's cached snapshot. */
export function forgetTemplateSnapshot(db: Database, templateId: number): void {
  cache.get(db)?.delete(templateId);
}

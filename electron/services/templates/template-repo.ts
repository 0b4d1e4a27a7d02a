import { type Database } from 'better-sqlite3';
import { type TemplateSummary } from '../../../shared/domain/template.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { MAX_COLS, parseCellAddress } from '../excel/cell-ref.js';
import { UserFacingError } from '../user-facing-error.js';

/** A registered template with its bytes. */
export interface StoredTemplate extends Omit<TemplateSummary, 'bindingCount'> {
  content: Buffer;
  /** The .xlsx a filled export starts from: `content` for .xlsx, LibreOffice's conversion for .xls/.et, or null. */
  fillContent: Buffer | null;
}

/** What registration stores. */
export interface NewTemplate {
  name: string;
  fileName: string;
  format: TemplateSummary['format'];
  content: Uint8Array;
  fillContent: Uint8Array | null;
  sheetNames: string[];
}

interface TemplateRow {
  id: number;
  name: string;
  file_name: string;
  format: TemplateSummary['format'];
  registered_at: string;
  sheet_names: string;
  binding_count: number;
}

const SUMMARY_SQL = `SELECT t.id, t.name, t.file_name, t.format, t.registered_at, t.sheet_names,
  (SELECT count(*) FROM template_bindings b WHERE b.template_id = t.id) AS binding_count FROM templates t`;

const toSummary = (row: TemplateRow): TemplateSummary => ({
  id: row.id,
  name: row.name,
  fileName: row.file_name,
  format: row.format,
  registeredAt: row.registered_at,
  sheetNames: JSON.parse(row.sheet_names) as string[],
  bindingCount: row.binding_count,
});

/** Every registered template, oldest first (without the bytes). */
export function listTemplates(db: Database): TemplateSummary[] {
  return (db.prepare(`${SUMMARY_SQL} ORDER BY t.id`).all() as TemplateRow[]).map(toSummary);
}

/** One template's summary. @throws UserFacingError when it no longer exists. */
export function getTemplateSummary(db: Database, templateId: number): TemplateSummary {
  const row = db.prepare(`${SUMMARY_SQL} WHERE t.id = ?`).get(templateId) as TemplateRow | undefined;
  if (!row) throw missing();
  return toSummary(row);
}

/** One template with its bytes. @throws UserFacingError when it no longer exists. */
export function getTemplate(db: Database, templateId: number): StoredTemplate {
  const row = db.prepare('SELECT id, name, file_name, format, registered_at, sheet_names, content, fill_content FROM templates WHERE id = ?').get(templateId) as
    | (Omit<TemplateRow, 'binding_count'> & { content: Buffer; fill_content: Buffer | null })
    | undefined;
  if (!row) throw missing();
  const { bindingCount: _unused, ...summary } = toSummary({ ...row, binding_count: 0 });
  // An .xlsx template is filled from its own bytes (stored once, in content).
  return { ...summary, content: row.content, fillContent: row.format === 'xlsx' ? row.content : row.fill_content };
}

export function insertTemplate(db: Database, template: NewTemplate): number {
  const info = db
    .prepare('INSERT INTO templates (name, file_name, format, content, fill_content, sheet_names, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(
      template.name,
      template.fileName,
      template.format,
      Buffer.from(template.content),
      template.fillContent === null ? null : Buffer.from(template.fillContent),
      JSON.stringify(template.sheetNames),
      new Date().toISOString(),
    );
  return Number(info.lastInsertRowid);
}

/** The template registered from exactly these bytes, if any (byte-identical: the same file registered again). */
export function findTemplateByContent(db: Database, content: Uint8Array): TemplateSummary | null {
  const row = db.prepare('SELECT id FROM templates WHERE length(content) = ? AND content = ? ORDER BY id LIMIT 1').get(content.byteLength, Buffer.from(content)) as { id: number } | undefined;
  return row === undefined ? null : getTemplateSummary(db, row.id);
}

/**
 * Gives a template a new display name (trimmed, 1–100 characters, not another template's).
 * @throws UserFacingError for an empty or taken name, or a template that no longer exists
 */
export function renameTemplate(db: Database, templateId: number, name: string): TemplateSummary {
  const wanted = name.trim();
  if (wanted === '') throw new UserFacingError('请填写模板名称，未做任何修改。');
  const taken = db.prepare('SELECT id FROM templates WHERE name = ? AND id <> ?').get(wanted, templateId) as { id: number } | undefined;
  if (taken !== undefined) throw new UserFacingError(`已有名为“${wanted}”的模板，请换一个名称，未做任何修改。`);
  if (db.prepare('UPDATE templates SET name = ? WHERE id = ?').run(wanted, templateId).changes === 0) throw missing();
  return getTemplateSummary(db, templateId);
}

/** Removes a template and (by cascade) its bindings. */
export function deleteTemplate(db: Database, templateId: number): void {
  if (db.prepare('DELETE FROM templates WHERE id = ?').run(templateId).changes === 0) throw missing();
}

/** The bindings of a template in sheet, row, column order. */
export function listBindings(db: Database, templateId: number): TemplateBinding[] {
  const rows = db
    .prepare('SELECT sheet, cell, indicator_id, figure, unit, period_offset FROM template_bindings WHERE template_id = ?')
    .all(templateId) as { sheet: string; cell: string; indicator_id: number; figure: TemplateBinding['figure']; unit: string | null; period_offset: number }[];
  // Keys computed once and one collator: a 50-sheet template has 84k bindings, and per-comparison
  // localeCompare + address parsing held the host's event loop for a quarter of a second.
  const keyed = rows.map((r) => ({ order: cellOrder(r.cell), binding: { sheet: r.sheet, cell: r.cell, indicatorId: r.indicator_id, figure: r.figure, unit: r.unit, periodOffset: r.period_offset } }));
  return keyed.sort((a, b) => SHEET_ORDER.compare(a.binding.sheet, b.binding.sheet) || a.order - b.order).map((k) => k.binding);
}

const SHEET_ORDER = new Intl.Collator();

/** Replaces all bindings of a template in one transaction. */
export function replaceBindings(db: Database, templateId: number, bindings: readonly TemplateBinding[]): void {
  const insert = db.prepare('INSERT INTO template_bindings (template_id, sheet, cell, indicator_id, figure, unit, period_offset) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM template_bindings WHERE template_id = ?').run(templateId);
    for (const b of bindings) insert.run(templateId, b.sheet, b.cell, b.indicatorId, b.figure, b.unit, b.periodOffset);
  })();
}

/** Row-major sort key of an A1 address. */
function cellOrder(cell: string): number {
  const pos = parseCellAddress(cell);
  return pos === null ? 0 : pos.row * MAX_COLS + pos.col;
}

function missing(): UserFacingError {
  return new UserFacingError('找不到该模板，它可能已被删除。请刷新模板列表后重试。');
}

import { type Database } from 'better-sqlite3';
import { type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { DEFAULT_FORM_OPTIONS, type Form, type FormItem, type FormOptions, type Indicator } from '../../../shared/domain/catalog.js';
import { formOptionsSchema } from '../../../shared/api/schemas.js';
import { UserFacingError } from '../user-facing-error.js';
import { insertionIndex, type LayoutRow, moveWithinLevel, type ParentOf, replaceAfterReparent } from './form-layout.js';
import { explainUniqueViolation } from './sql-errors.js';

interface IndicatorRow {
  id: number;
  code: string;
  name: string;
  unit: string;
  decimals: number;
  kind: Indicator['kind'];
  entry_basis: Indicator['entryBasis'];
  parent_id: number | null;
  growth_basis: Indicator['growthBasis'];
  numerator_id: number | null;
  denominator_id: number | null;
  projection_method: Indicator['projectionMethod'];
  first_return_month: 1 | 2 | null;
}

const toIndicator = (row: IndicatorRow): Indicator => ({
  id: row.id,
  code: row.code,
  name: row.name,
  unit: row.unit,
  decimals: row.decimals,
  kind: row.kind,
  entryBasis: row.entry_basis,
  parentId: row.parent_id,
  growthBasis: row.growth_basis,
  numeratorId: row.numerator_id,
  denominatorId: row.denominator_id,
  projectionMethod: row.projection_method,
  firstReturnMonth: row.first_return_month,
});

/** Every indicator of the catalog, by id. */
export function indicatorsById(db: Database): Map<number, Indicator> {
  const rows = db.prepare('SELECT * FROM indicators').all() as IndicatorRow[];
  return new Map(rows.map((row) => [row.id, toIndicator(row)]));
}

/** A form's saved options; an unreadable or partial JSON falls back to the defaults field by field. */
function parseFormOptions(text: string): FormOptions {
  let raw: unknown = {};
  try {
    raw = JSON.parse(text);
  } catch {
    // A hand-edited file: show the form with default options rather than refuse to open it.
  }
  const parsed = formOptionsSchema.safeParse(raw);
  return parsed.success ? parsed.data : { ...DEFAULT_FORM_OPTIONS };
}

export function listForms(db: Database): Form[] {
  const rows = db.prepare('SELECT id, code, name, first_return_month, options FROM forms ORDER BY id').all() as {
    id: number;
    code: string;
    name: string;
    first_return_month: 1 | 2;
    options: string;
  }[];
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, firstReturnMonth: r.first_return_month, options: parseFormOptions(r.options) }));
}

/** Saves a form's properties: name, first return of the year and display options. */
export function updateForm(db: Database, formId: number, fields: { name: string; firstReturnMonth: 1 | 2; options: FormOptions }): void {
  const info = db
    .prepare('UPDATE forms SET name = ?, first_return_month = ?, options = ? WHERE id = ?')
    .run(fields.name, fields.firstReturnMonth, JSON.stringify(fields.options), formId);
  if (info.changes === 0) throw new UserFacingError('找不到该表式，它可能已被删除。');
}

export function getForm(db: Database, formId: number): Form {
  const form = listForms(db).find((f) => f.id === formId);
  if (!form) throw new UserFacingError('找不到该表式，它可能已被删除。');
  return form;
}

function depthOf(indicator: Indicator, all: Map<number, Indicator>): number {
  let depth = 0;
  for (let p = indicator.parentId; p !== null && depth < 10; p = all.get(p)?.parentId ?? null) depth += 1;
  return depth;
}

/** The rows of a form in paper order; 其中 items carry their depth for indentation. */
export function formItems(db: Database, formId: number): FormItem[] {
  const all = indicatorsById(db);
  const rows = db
    .prepare('SELECT id, indicator_id, section_title FROM form_items WHERE form_id = ? ORDER BY position')
    .all(formId) as { id: number; indicator_id: number | null; section_title: string | null }[];
  return rows.flatMap((row): FormItem[] => {
    if (row.indicator_id === null) return [{ itemId: row.id, type: 'section', title: row.section_title ?? '' }];
    const indicator = all.get(row.indicator_id);
    return indicator ? [{ itemId: row.id, type: 'indicator', indicator, depth: depthOf(indicator, all) }] : [];
  });
}

/** A form's rows in paper order, for placing and moving them. */
function layoutRows(db: Database, formId: number): LayoutRow[] {
  return db.prepare('SELECT id AS itemId, indicator_id AS indicatorId FROM form_items WHERE form_id = ? ORDER BY position').all(formId) as LayoutRow[];
}

function parentOfIn(db: Database): ParentOf {
  const all = indicatorsById(db);
  return (id) => all.get(id)?.parentId ?? null;
}

/**
 * Puts a new form item after the block of `afterItemId` (the row with its 其中 items; null: at
 * the end) at the level of `parentId`, so it never lands between a parent and its 其中 item, and
 * renumbers positions.
 */
function insertItem(db: Database, formId: number, afterItemId: number | null, parentId: number | null, column: 'indicator_id' | 'section_title', value: number | string): number {
  const rows = layoutRows(db, formId);
  if (afterItemId !== null && !rows.some((r) => r.itemId === afterItemId)) throw new UserFacingError('插入位置的行已不存在，请刷新后重试。');
  const at = insertionIndex(rows, afterItemId, parentId, parentOfIn(db));
  const info = db.prepare(`INSERT INTO form_items (form_id, position, ${column}) VALUES (?, 0, ?)`).run(formId, value);
  const newId = Number(info.lastInsertRowid);
  const ids = rows.map((r) => r.itemId);
  ids.splice(at, 0, newId);
  renumber(db, ids);
  return newId;
}

function renumber(db: Database, orderedIds: number[]): void {
  const update = db.prepare('UPDATE form_items SET position = ? WHERE id = ?');
  orderedIds.forEach((id, index) => update.run(index + 1, id));
}

function assertParentAllowed(db: Database, indicatorId: number | null, parentId: number | null): void {
  if (parentId === null) return;
  const all = indicatorsById(db);
  if (!all.has(parentId)) throw new UserFacingError('所选的上级指标不存在。');
  for (let p: number | null = parentId; p !== null; p = all.get(p)?.parentId ?? null) {
    if (p === indicatorId) throw new UserFacingError('不能把指标设为它自己或它下级指标的“其中”项。');
  }
}

/** Components of a 比率 must both be set (or both empty), exist, and not be the ratio itself. */
function assertRatioComponents(db: Database, indicatorId: number | null, fields: IndicatorFields): void {
  const { numeratorId, denominatorId } = fields;
  if (numeratorId === null && denominatorId === null) return;
  if (fields.kind !== 'ratio') throw new UserFacingError('只有“比率”类指标可以设置分子、分母指标。');
  if (numeratorId === null || denominatorId === null) throw new UserFacingError('比率指标的分子和分母要同时设置（或都不设置）。');
  const all = indicatorsById(db);
  if (!all.has(numeratorId) || !all.has(denominatorId)) throw new UserFacingError('所选的分子或分母指标不存在。');
  if (numeratorId === indicatorId || denominatorId === indicatorId) throw new UserFacingError('比率指标不能以自己作为分子或分母。');
}

function indicatorColumns(fields: IndicatorFields): (string | number | null)[] {
  return [
    fields.code, fields.name, fields.unit, fields.decimals, fields.kind, fields.entryBasis, fields.parentId, fields.growthBasis,
    fields.kind === 'ratio' ? fields.numeratorId : null, fields.kind === 'ratio' ? fields.denominatorId : null,
    fields.projectionMethod, fields.firstReturnMonth,
  ];
}

/** Adds an indicator to the catalog and places it in the form. */
export function addIndicator(db: Database, formId: number, afterItemId: number | null, fields: IndicatorFields): void {
  getForm(db, formId);
  assertParentAllowed(db, null, fields.parentId);
  assertRatioComponents(db, null, fields);
  db.transaction(() => {
    let id: number;
    try {
      id = Number(
        db
          .prepare(
            'INSERT INTO indicators (code, name, unit, decimals, kind, entry_basis, parent_id, growth_basis, numerator_id, denominator_id, projection_method, first_return_month) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(...indicatorColumns(fields))
          .lastInsertRowid,
      );
    } catch (error) {
      explainUniqueViolation(error, '指标', fields.code);
    }
    insertItem(db, formId, afterItemId, fields.parentId, 'indicator_id', id);
  })();
}

/**
 * Renames or re-describes an indicator; stored figures stay as typed. A new parent moves its rows
 * (with their 其中 items) under that parent, so the form never shows a 其中 item elsewhere.
 */
export function updateIndicator(db: Database, indicatorId: number, fields: IndicatorFields): void {
  assertParentAllowed(db, indicatorId, fields.parentId);
  const previousParent = indicatorsById(db).get(indicatorId)?.parentId ?? null;
  assertRatioComponents(db, indicatorId, fields);
  try {
    const info = db
      .prepare(
        'UPDATE indicators SET code = ?, name = ?, unit = ?, decimals = ?, kind = ?, entry_basis = ?, parent_id = ?, growth_basis = ?, numerator_id = ?, denominator_id = ?, projection_method = ?, first_return_month = ? WHERE id = ?',
      )
      .run(...indicatorColumns(fields), indicatorId);
    if (info.changes === 0) throw new UserFacingError('该指标已不存在，请刷新后重试。');
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    explainUniqueViolation(error, '指标', fields.code);
  }
  if (previousParent !== fields.parentId) keepUnderParent(db, indicatorId);
}

/** After a change of parent, moves the indicator's rows (with their 其中 items) under the new parent in every form. */
function keepUnderParent(db: Database, indicatorId: number): void {
  const parentOf = parentOfIn(db);
  const places = db.prepare('SELECT id, form_id AS formId FROM form_items WHERE indicator_id = ?').all(indicatorId) as { id: number; formId: number }[];
  for (const place of places) {
    const reordered = replaceAfterReparent(layoutRows(db, place.formId), place.id, parentOf);
    if (reordered) renumber(db, reordered.map((r) => r.itemId));
  }
}

export function addSection(db: Database, formId: number, afterItemId: number | null, title: string): void {
  getForm(db, formId);
  db.transaction(() => insertItem(db, formId, afterItemId, null, 'section_title', title))();
}

export function renameSection(db: Database, formId: number, itemId: number, title: string): void {
  const info = db.prepare('UPDATE form_items SET section_title = ? WHERE id = ? AND form_id = ? AND section_title IS NOT NULL').run(title, itemId, formId);
  if (info.changes === 0) throw new UserFacingError('该标题行已不存在，请刷新后重试。');
}

/**
 * Moves a row with its 其中 items `steps` places up (−1) or down (+1) among the rows of its level
 * (a 其中 item stays under its parent); it stops at the first or last place of the level.
 */
export function moveItem(db: Database, formId: number, itemId: number, direction: -1 | 1, steps = 1): void {
  let rows = layoutRows(db, formId);
  if (!rows.some((r) => r.itemId === itemId)) throw new UserFacingError('该行已不存在，请刷新后重试。');
  const parentOf = parentOfIn(db);
  let moved = false;
  // A drag over several rows of the level is that many one-place moves, saved once.
  for (let step = 0; step < steps; step += 1) {
    const next = moveWithinLevel(rows, rows.findIndex((r) => r.itemId === itemId), direction, parentOf);
    if (!next) break;
    rows = next;
    moved = true;
  }
  if (moved) db.transaction(() => renumber(db, rows.map((r) => r.itemId)))();
}

/**
 * Removes a row. An indicator is only removed while nothing depends on it: no
 * stored figures and no 其中 items; otherwise the clerk is told why.
 */
export function removeItem(db: Database, formId: number, itemId: number): void {
  const item = db.prepare('SELECT indicator_id FROM form_items WHERE id = ? AND form_id = ?').get(itemId, formId) as
    | { indicator_id: number | null }
    | undefined;
  if (!item) throw new UserFacingError('该行已不存在，请刷新后重试。');
  const indicatorId = item.indicator_id;
  if (indicatorId !== null) {
    const values = (db.prepare('SELECT count(*) AS n FROM cell_values WHERE indicator_id = ?').get(indicatorId) as { n: number }).n;
    if (values > 0) throw new UserFacingError(`该指标已有 ${values} 个数据，不能删除。如不再使用，可改名或移到表尾。`);
    const children = (db.prepare('SELECT count(*) AS n FROM indicators WHERE parent_id = ?').get(indicatorId) as { n: number }).n;
    if (children > 0) throw new UserFacingError('该指标下还有“其中”项，请先删除或改挂这些指标。');
  }
  db.transaction(() => {
    db.prepare('DELETE FROM form_items WHERE id = ?').run(itemId);
    if (indicatorId !== null) db.prepare('DELETE FROM indicators WHERE id = ?').run(indicatorId);
  })();
}

import { type Database } from 'better-sqlite3';
import { type EntryBasis, type IndicatorKind } from '../../../shared/domain/catalog.js';

/** One line of the starter form: a section title or an indicator (children are 其中 items). */
export type StarterLine =
  | { section: string }
  | {
      code: string;
      name: string;
      unit: string;
      decimals: number;
      kind: IndicatorKind;
      entryBasis: EntryBasis;
      /** Code of the indicator this is a 其中 item of. */
      parent?: string;
    };

export const STARTER_FORM = { code: 'YQ01', name: '园区主要经济指标月报' } as const;

/**
 * The built-in 园区主要经济指标月报. Amounts in 万元 with one decimal as county
 * forms usually are; the bureau's cumulative figures (产值, 固投) are entered as
 * 1-N月累计, the park's own ledgers (收入, 招商, 安全) month by month; counts of
 * enterprises are stocks (period-end), inspections and hazards are flows.
 */
export const STARTER_LINES: readonly StarterLine[] = [
  { section: '一、经济运行' },
  { code: 'A01', name: '规模以上工业总产值', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative' },
  { code: 'A02', name: '固定资产投资', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative' },
  { code: 'A0201', name: '工业投资', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative', parent: 'A02' },
  { code: 'A020101', name: '制造业投资', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative', parent: 'A0201' },
  { code: 'A03', name: '一般公共预算收入', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month' },
  { section: '二、招商引资' },
  { code: 'B01', name: '招商引资到位额', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month' },
  { code: 'B0101', name: '北京项目', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month', parent: 'B01' },
  { code: 'B02', name: '承接北京非首都功能任务', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month' },
  { code: 'B03', name: '新签约项目个数', unit: '个', decimals: 0, kind: 'flow', entryBasis: 'month' },
  { section: '三、创新主体' },
  { code: 'C01', name: '国家高新技术企业数', unit: '家', decimals: 0, kind: 'stock', entryBasis: 'month' },
  { section: '四、安全生产' },
  { code: 'D01', name: '检查企业家次', unit: '家次', decimals: 0, kind: 'flow', entryBasis: 'month' },
  { code: 'D02', name: '发现隐患问题数', unit: '条', decimals: 0, kind: 'flow', entryBasis: 'month' },
  { code: 'D03', name: '已整改隐患数', unit: '条', decimals: 0, kind: 'flow', entryBasis: 'month' },
];

/** Writes the starter form, its indicators and one reporting unit into a new workbook. */
export function seedStarterCatalog(db: Database, unitName = '本园区'): void {
  const formId = Number(db.prepare('INSERT INTO forms (code, name) VALUES (?, ?)').run(STARTER_FORM.code, STARTER_FORM.name).lastInsertRowid);
  const insertIndicator = db.prepare(
    'INSERT INTO indicators (code, name, unit, decimals, kind, entry_basis, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertItem = db.prepare('INSERT INTO form_items (form_id, position, indicator_id, section_title) VALUES (?, ?, ?, ?)');
  const idByCode = new Map<string, number>();
  STARTER_LINES.forEach((line, index) => {
    if ('section' in line) {
      insertItem.run(formId, index + 1, null, line.section);
      return;
    }
    const parentId = line.parent === undefined ? null : (idByCode.get(line.parent) ?? null);
    const id = Number(insertIndicator.run(line.code, line.name, line.unit, line.decimals, line.kind, line.entryBasis, parentId).lastInsertRowid);
    idByCode.set(line.code, id);
    insertItem.run(formId, index + 1, id, null);
  });
  db.prepare('INSERT INTO reporting_units (code, name, sort_order) VALUES (?, ?, 1)').run('001', unitName);
}

/** An empty workbook still needs a form and a unit to show a grid. */
export function seedEmptyCatalog(db: Database): void {
  db.prepare('INSERT INTO forms (code, name) VALUES (?, ?)').run('F01', '月报表');
  db.prepare('INSERT INTO reporting_units (code, name, sort_order) VALUES (?, ?, 1)').run('001', '本单位');
}

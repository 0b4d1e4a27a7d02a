import { type ReportingUnit } from '../domain/catalog.js';
import { validateCreditCode } from '../parse/credit-code.js';
import { formatPeriod } from '../stats/index.js';

/**
 * 企业名录 (enterprise roster) as clerks keep it in Excel/WPS: one row per enterprise under a row of
 * Chinese column headers, designations (高新技术企业, 雏鹰企业…) as columns holding the month they
 * were granted (and, after 至, the last month they hold). This module reads such a table: every
 * row is either taken or refused with its reasons, unknown columns are reported, never dropped
 * silently.
 */

/** The designations the roster keeps (counted per unit and month). */
export const DESIGNATIONS = ['高新技术企业', '专精特新“小巨人”企业', '专精特新中小企业', '创新型中小企业', '雏鹰企业', '瞪羚企业', '领军企业'] as const;
export type Designation = (typeof DESIGNATIONS)[number];

/** A designation held from `startPeriod` to `endPeriod` (`YYYY-MM`, inclusive; null: still held). */
export interface EnterpriseDesignation {
  designation: string;
  startPeriod: string;
  endPeriod: string | null;
}

/** An enterprise of the roster, as stored. */
export interface Enterprise {
  id: number;
  creditCode: string;
  name: string;
  unitId: number;
  industryCode: string;
  /** 规上 (规模以上) rather than 规下. */
  aboveScale: boolean;
  designations: EnterpriseDesignation[];
}

/** A row of an imported roster that can be stored. */
export type RosterRow = Omit<Enterprise, 'id'>;

/** One row of an imported table: taken, or refused with the reasons (Chinese, naming the column). */
export type RosterRowResult = { rowNumber: number; status: 'ok'; row: RosterRow } | { rowNumber: number; status: 'refused'; name: string; reasons: string[] };

/** An imported table read: its rows, the columns not understood and the required ones missing. */
export interface ParsedRoster {
  rows: RosterRowResult[];
  unknownColumns: string[];
  missingColumns: string[];
  /**
   * The optional columns the table has ('industryCode', 'scale' and designation names): a column
   * the file lacks leaves that field of a stored enterprise as it is (see {@link mergeRosterRow}).
   */
  present: string[];
}

type Field = 'name' | 'creditCode' | 'unit' | 'industryCode' | 'scale';

const FIELD_HEADERS: ReadonlyArray<[Field, readonly string[]]> = [
  ['name', ['企业名称', '名称', '企业']],
  ['creditCode', ['统一社会信用代码', '社会信用代码', '信用代码']],
  ['unit', ['所属单位', '填报单位', '所属园区', '所属乡镇', '单位']],
  ['industryCode', ['行业代码', '国民经济行业代码', '行业']],
  ['scale', ['规模', '是否规上', '规上规下', '规上/规下', '规模以上']],
];

/** Designation columns are recognised by a key word of the header (国家高新技术企业 → 高新技术企业). */
const DESIGNATION_KEYS: ReadonlyArray<[Designation, RegExp]> = [
  ['专精特新“小巨人”企业', /小巨人/],
  ['专精特新中小企业', /专精特新/],
  ['高新技术企业', /高新/],
  ['创新型中小企业', /创新型/],
  ['雏鹰企业', /雏鹰/],
  ['瞪羚企业', /瞪羚/],
  ['领军企业', /领军/],
];

const REQUIRED: ReadonlyArray<[Field, string]> = [
  ['name', '企业名称'],
  ['creditCode', '统一社会信用代码'],
  ['unit', '所属单位'],
];

const normalizeHeader = (text: string): string => text.replace(/[\s\u3000（）()：:*]/g, '');

/**
 * A month as clerks write it: 2023-01, 2023-1, 2023.01, 2023/01, 2023年1月 → "2023-01"; null when
 * it is not a month.
 */
export function parseMonthText(text: string): string | null {
  const match = /^(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*月?$/.exec(text.trim());
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return formatPeriod(Number(match[1]), month);
}

/** "2023-01" or "2023-01至2025-12" (also ~, ～, —, 到) → the span, or a Chinese reason. */
function parseSpan(text: string): { startPeriod: string; endPeriod: string | null } | string {
  const parts = text.split(/\s*(?:至|~|～|—|到)\s*/);
  const start = parseMonthText(parts[0] ?? '');
  if (parts.length > 2 || start === null) return `“${text}”不是认定年月，请填写如 2023-01 或 2023-01至2025-12`;
  if (parts.length === 1 || (parts[1] ?? '').trim() === '') return { startPeriod: start, endPeriod: null };
  const end = parseMonthText(parts[1] ?? '');
  if (end === null) return `“${text}”的截止年月无法识别，请填写如 2023-01至2025-12`;
  if (end < start) return `“${text}”的截止年月早于认定年月`;
  return { startPeriod: start, endPeriod: end };
}

/**
 * Reads a roster table (first non-empty row = headers; `firstRowNumber` is the sheet row number of
 * `table[0]`, so reasons name the row the clerk sees). A row is refused — with every reason — for
 * a missing name, an invalid 统一社会信用代码 (GB 32100 check character), a unit that is not a
 * reporting unit (matched by code or name), a 规模 other than 规上/规下, a designation cell that is
 * not a month, or a credit code already used by an earlier row of the same table.
 */
export function parseRosterTable(table: readonly (readonly string[])[], units: readonly ReportingUnit[], firstRowNumber = 1): ParsedRoster {
  const headerIndex = table.findIndex((row) => row.some((c) => c.trim() !== ''));
  if (headerIndex < 0) return { rows: [], unknownColumns: [], missingColumns: REQUIRED.map(([, label]) => label), present: [] };
  const header = (table[headerIndex] ?? []).map((c) => c.trim());
  const fields = new Map<Field, number>();
  const designations: Array<[Designation, number]> = [];
  const unknownColumns: string[] = [];
  header.forEach((text, col) => {
    if (text === '') return;
    const key = normalizeHeader(text);
    const field = FIELD_HEADERS.find(([, names]) => names.some((n) => normalizeHeader(n) === key))?.[0];
    if (field && !fields.has(field)) return void fields.set(field, col);
    const designation = DESIGNATION_KEYS.find(([, pattern]) => pattern.test(key))?.[0];
    if (designation && !designations.some(([d]) => d === designation)) return void designations.push([designation, col]);
    unknownColumns.push(text);
  });
  const missingColumns = REQUIRED.filter(([field]) => !fields.has(field)).map(([, label]) => label);
  const present = [...(['industryCode', 'scale'] as const).filter((f) => fields.has(f)), ...designations.map(([d]) => d as string)];
  if (missingColumns.length > 0) return { rows: [], unknownColumns, missingColumns, present };

  const seen = new Map<string, number>();
  const rows: RosterRowResult[] = [];
  table.slice(headerIndex + 1).forEach((cells, offset) => {
    if (cells.every((c) => c.trim() === '')) return;
    const rowNumber = firstRowNumber + headerIndex + 1 + offset;
    const cell = (field: Field): string => {
      const col = fields.get(field);
      return col === undefined ? '' : (cells[col] ?? '').trim();
    };
    const reasons: string[] = [];
    const name = cell('name');
    if (name === '') reasons.push('企业名称为空');
    const code = validateCreditCode(cell('creditCode'));
    if (!code.ok) reasons.push(code.message);
    else if (seen.has(code.code)) reasons.push(`统一社会信用代码与第${seen.get(code.code)}行重复`);
    const unitText = cell('unit');
    const unit = units.find((u) => u.code === unitText) ?? units.find((u) => u.name === unitText);
    if (!unit) reasons.push(unitText === '' ? '所属单位为空' : `所属单位“${unitText}”不是填报单位（按单位代码或名称匹配）`);
    const scaleText = cell('scale');
    const aboveScale = /^(规上|规模以上|是|√|Y|y)$/.test(scaleText) ? true : /^(规下|规模以下|否|×|N|n|)$/.test(scaleText) ? false : null;
    if (aboveScale === null) reasons.push(`规模“${scaleText}”应为“规上”或“规下”`);
    const held: EnterpriseDesignation[] = [];
    for (const [designation, col] of designations) {
      const text = (cells[col] ?? '').trim();
      if (text === '' || text === '否' || text === '—' || text === '/') continue;
      // A designation granted more than once: spans separated by ；(2019-01至2021-12；2023-01).
      for (const part of text.split(/\s*[；;]\s*/).filter((t) => t !== '')) {
        const span = parseSpan(part);
        if (typeof span === 'string') reasons.push(`${header[col] ?? designation}：${span}`);
        else held.push({ designation, ...span });
      }
    }
    if (code.ok && !seen.has(code.code)) seen.set(code.code, rowNumber);
    if (reasons.length > 0 || !code.ok || !unit || aboveScale === null) {
      rows.push({ rowNumber, status: 'refused', name, reasons });
      return;
    }
    rows.push({ rowNumber, status: 'ok', row: { creditCode: code.code, name, unitId: unit.id, industryCode: cell('industryCode'), aboveScale, designations: held } });
  });
  return { rows, unknownColumns, missingColumns, present };
}

/**
 * An imported row laid over the stored enterprise of the same credit code: fields whose column
 * the file lacks (行业代码, 规模, a designation) keep their stored values.
 */
export function mergeRosterRow(row: RosterRow, stored: Enterprise | undefined, present: readonly string[]): RosterRow {
  if (!stored) return row;
  const has = new Set(present);
  return {
    ...row,
    industryCode: has.has('industryCode') ? row.industryCode : stored.industryCode,
    aboveScale: has.has('scale') ? row.aboveScale : stored.aboveScale,
    designations: [...stored.designations.filter((d) => !has.has(d.designation)), ...row.designations],
  };
}

/** The column headers of a roster file as {@link parseRosterTable} reads them (the export writes these). */
export const ROSTER_HEADERS: readonly string[] = ['企业名称', '统一社会信用代码', '所属单位', '行业代码', '规模', ...DESIGNATIONS];

/**
 * An enterprise as a row under {@link ROSTER_HEADERS}: 所属单位 by code, 规上/规下, each designation
 * as its spans ("2022-03至2025-12；2026-01"), so an exported roster imports back unchanged.
 */
export function rosterRowCells(enterprise: Enterprise, unitCode: string): string[] {
  const spans = (designation: string): string =>
    enterprise.designations
      .filter((d) => d.designation === designation)
      .map((d) => (d.endPeriod === null ? d.startPeriod : `${d.startPeriod}至${d.endPeriod}`))
      .join('；');
  return [enterprise.name, enterprise.creditCode, unitCode, enterprise.industryCode, enterprise.aboveScale ? '规上' : '规下', ...DESIGNATIONS.map(spans)];
}

/** True when the designation is held in `period` (`YYYY-MM`). */
export function holdsIn(designation: EnterpriseDesignation, period: string): boolean {
  return designation.startPeriod <= period && (designation.endPeriod === null || designation.endPeriod >= period);
}

/** Counts of a set of enterprises for one month: all, 规上, and per designation held that month. */
export interface RosterCounts {
  total: number;
  aboveScale: number;
  byDesignation: Array<{ designation: string; count: number }>;
}

/** Counts of `enterprises` in `period` (`YYYY-MM`): the numbers that feed 企业个数-type indicators. */
export function rosterCounts(enterprises: readonly Enterprise[], period: string): RosterCounts {
  const byDesignation = DESIGNATIONS.map((designation) => ({
    designation,
    count: enterprises.filter((e) => e.designations.some((d) => d.designation === designation && holdsIn(d, period))).length,
  }));
  return { total: enterprises.length, aboveScale: enterprises.filter((e) => e.aboveScale).length, byDesignation };
}

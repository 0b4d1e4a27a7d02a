import { convertAmountUnit, parseCellNumber } from '../parse/cell-number.js';
import { normalizeDecimal } from '../stats/decimal.js';
import { periodWords } from '../stats/period.js';
import { type TemplateBinding } from './template-binding.js';

/** A mapped cell as read from a returned template (formula cells give their cached value). */
export type ImportedCell =
  | { kind: 'number'; value: string }
  | { kind: 'text'; text: string }
  | { kind: 'empty' }
  | { kind: 'error'; code: string };

/** What importing one mapped cell would do to the stored figure. */
export type ImportCellStatus = 'new' | 'changed' | 'unchanged' | 'problem';

/** The preview line of one mapped cell. */
export interface ImportCellResult {
  binding: TemplateBinding;
  status: ImportCellStatus;
  /** The imported value in the indicator's unit (note text for 备注); null = no figure. */
  value: string | null;
  /** The stored value it would replace. */
  previous: string | null;
  /** Chinese explanation for problems (naming the cell), or a note such as a unit conversion. */
  message: string | null;
}

/**
 * Classifies one mapped cell of a returned template against the stored figure:
 * - numbers are taken in the binding's unit (else the indicator's) and converted to the
 *   indicator's unit; text is parsed with `parseCellNumber`, so "1,234.5", "１２３" and
 *   "86.33亿元" (converted) work, "—"/"/" mean "no figure";
 * - problems: error values, text that is not a number, units that cannot be converted (家 in a
 *   万元 cell), and a blank cell where a figure is stored (clearing is never inferred from a blank);
 * - a blank 备注 keeps the stored note (unchanged);
 * - otherwise new (nothing stored), changed or unchanged (compared exactly as decimals).
 * `current` is the stored value in `indicatorUnit` (canonical decimal, or note text).
 */
export function classifyImportedCell(binding: TemplateBinding, cell: ImportedCell, current: string | null, indicatorUnit: string): ImportCellResult {
  const where = `“${binding.sheet}”!${binding.cell}`;
  const result = (status: ImportCellStatus, value: string | null, message: string | null = null): ImportCellResult => ({
    binding,
    status,
    value,
    previous: current,
    message,
  });
  const compare = (value: string | null, message: string | null = null): ImportCellResult => {
    if (value === current) return result('unchanged', value, message);
    return result(current === null ? 'new' : 'changed', value, message);
  };

  if (binding.figure === 'note') {
    const text = cell.kind === 'text' ? cell.text.trim() : cell.kind === 'number' ? cell.value : '';
    // A blank 备注 in a return means "nothing to add", never "delete the stored note".
    if (text === '') return result('unchanged', current, current === null ? null : `${where} 备注为空，保留工作台中的备注`);
    return compare(text);
  }
  if (cell.kind === 'error') return result('problem', null, `${where} 是错误值 ${cell.code}，请先修正原表中的公式`);
  if (cell.kind === 'empty') {
    return current === null ? result('unchanged', null) : result('problem', null, `${where} 为空，但已有数值 ${current}；如需清除请在工作台中操作`);
  }
  const cellUnit = binding.unit ?? indicatorUnit;
  let value: string;
  let unit = cellUnit;
  if (cell.kind === 'number') {
    value = cell.value;
  } else {
    const parsed = parseCellNumber(cell.text);
    if (parsed.kind === 'empty') return classifyImportedCell(binding, { kind: 'empty' }, current, indicatorUnit);
    if (parsed.kind === 'not-applicable') return compare(null);
    if (parsed.kind === 'problem') return result('problem', null, `${where}：${parsed.message}`);
    value = parsed.value;
    unit = parsed.unit ?? cellUnit;
  }
  let converted: string | null;
  try {
    converted = convertAmountUnit(normalizeDecimal(value), unit, indicatorUnit);
  } catch {
    return result('problem', null, `${where} 的“${value}”不是数字`);
  }
  if (converted === null) return result('problem', null, `${where} 的单位“${unit}”与指标单位“${indicatorUnit}”不一致，无法换算`);
  const note = unit === indicatorUnit ? null : `已由 ${value}${unit} 换算为 ${converted}${indicatorUnit}`;
  return compare(converted, note);
}

/**
 * Checks a title or unit line of a returned template (e.g. "2024年1-11月园区主要经济指标",
 * "单位：万元") against the period and unit being imported, so that last month's file or a
 * file in 亿元 is flagged instead of imported. `period` is "YYYY-MM". Returns Chinese problem
 * messages (empty when the text names no period/unit or they agree).
 */
export function checkTitleCell(text: string, expected: { period: string; unit: string | null }): string[] {
  const problems: string[] = [];
  const folded = text.normalize('NFKC').replace(/\s+/gu, '');
  const period = /(\d{4})年(?:\d{1,2}[-~至到—–])?(\d{1,2})月/u.exec(folded);
  const [year, month] = expected.period.split('-').map(Number);
  if (period?.[1] !== undefined && period[2] !== undefined && (Number(period[1]) !== year || Number(period[2]) !== month)) {
    problems.push(`标题“${text.trim()}”的期别是 ${period[1]}年${period[2]}月，与正在导入的 ${periodWords(expected.period)}不一致`);
  }
  const unit = /单位[:：]([千万亿]?元)/u.exec(folded)?.[1];
  if (unit !== undefined && expected.unit !== null && unit !== expected.unit) {
    problems.push(`“${text.trim()}”写明单位是${unit}，与映射的单位${expected.unit}不一致`);
  }
  return problems;
}

import { matchFigureHeader } from './figure-header.js';
import { isUnitText } from './label-normalize.js';
import { type TemplateFigure } from './template-binding.js';

/** A merged area, 0-based and inclusive. */
export interface CellArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A cell the layout read, by A1 address (the top-left cell of a merge) and its text. */
export interface ReadCell {
  cell: string;
  text: string;
}

/** What a column of the header band says: its figure, and the header cells that said it. */
export interface ColumnHeader {
  figure: TemplateFigure;
  /** Months relative to the exported period: −12 for a 上年同期 本月 column or a column headed with last year. */
  periodOffset: number;
  confidence: number;
  /** Chinese explanation of how the header cells were combined. */
  reason: string;
  /** The header cells read top to bottom (period qualifiers and unit cells included). */
  cells: ReadCell[];
  /** A unit written in the header ("本月（万元）", or a "万元" cell in the band). */
  unit: ReadCell & { units: string[] } | null;
  /** Why the column is not certain (mixed meanings across header rows); empty when it is. */
  doubts: string[];
}

/** A title, period or unit line above the header band. */
export interface SheetLine extends ReadCell {
  row: number;
}

/** The period a title or period line names, e.g. "2023年1-11月" → 2023, months 1–11. */
export interface LinePeriod extends ReadCell {
  year: number;
  from: number;
  to: number;
}

/** The structure auto-mapping reads from a sheet. */
export interface SheetLayout {
  /** Text per cell with every merged area showing its top-left text. */
  grid: string[][];
  /** 0-based rows of the header band (one or more rows), empty when the sheet has none. */
  headerRows: number[];
  /** Figure columns by 0-based column. */
  columns: Map<number, ColumnHeader>;
  /** Lines above the header band: titles, period lines, unit lines, 填报单位. */
  lines: SheetLine[];
  /** The period named by a line above the band (the first one found). */
  period: LinePeriod | null;
  /** Units named by "单位：万元、%" / "金额单位：万元" lines, each with the line it came from. */
  unitLines: (ReadCell & { units: string[] })[];
  /** The merged area containing a cell, if any. */
  mergeAt(row: number, col: number): CellArea | null;
}

const PERIOD_ONLY = /^(?:(\d{4})年)?(?:\d{1,2}[-~至到]\d{1,2}月|\d{1,2}月份?|\d{4}年)(?:份)?$/u;
const LINE_MARKERS = /单位\s*[:：]|填报|制表|填表|报送|日期\s*[:：]|编制/u;
const TITLE_WORDS = /(?:情况|统计表|报表|月报|季报|年报|快报|一览表|汇总表|明细表|指标表)$/u;
const UNIT_LINE = /单位\s*:\s*([^\s,;:]+)/gu;
const LINE_PERIOD = /(\d{4})\s*年\s*(?:(\d{1,2})\s*[-~至到—–－]\s*)?(\d{1,2})\s*月/u;

/** Folds text for comparison: half-width, no whitespace, unified dashes. */
export function foldHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').replace(/[—–－]/gu, '-');
}

/**
 * Reads the structure of a sheet: the header band (the rows whose cells name figures, found by
 * distinct merged areas so that one merged "2023年1-11月" line is never a header), the lines
 * above it (title, period, unit, 填报单位) and, per column, the figure its header cells name.
 * Period cells in the band ("2023年1-11月" over "本月 | 累计") qualify the columns below them;
 * they never decide the figure when a lower cell names one.
 */
export function readSheetLayout(cells: ReadonlyArray<ReadonlyArray<string>>, merges: readonly CellArea[] = []): SheetLayout {
  const grid = cells.map((row) => row.map((t) => t ?? ''));
  const mergeOf = new Map<string, CellArea>();
  for (const m of merges) {
    const text = grid[m.top]?.[m.left] ?? '';
    for (let r = m.top; r <= m.bottom; r++) {
      const row = (grid[r] ??= []);
      for (let c = m.left; c <= m.right; c++) {
        row[c] = text;
        mergeOf.set(`${r}:${c}`, m);
      }
    }
  }
  const mergeAt = (row: number, col: number): CellArea | null => mergeOf.get(`${row}:${col}`) ?? null;
  const origins = (row: number): { row: number; col: number; text: string }[] => {
    const seen = new Set<string>();
    const out: { row: number; col: number; text: string }[] = [];
    (grid[row] ?? []).forEach((text, col) => {
      if (text.trim() === '') return;
      const m = mergeAt(row, col);
      const key = m === null ? `${row}:${col}` : `${m.top}:${m.left}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ row: m?.top ?? row, col: m?.left ?? col, text });
    });
    return out;
  };
  const isLine = (row: number): boolean => {
    const own = origins(row);
    return own.length === 1 || own.some((o) => LINE_MARKERS.test(o.text) || isTitleText(o.text));
  };
  const named = (row: number): number => origins(row).filter((o) => !isTitleText(o.text) && matchFigureHeader(o.text) !== null).length;

  const limit = Math.min(grid.length, 30);
  let first = -1;
  for (let r = 0; r < limit && first < 0; r++) if (!isLine(r) && named(r) >= 2) first = r;
  const headerRows: number[] = [];
  if (first >= 0) {
    let top = first;
    // A row such as "指标名称 | 1-11月" above "本月 | 累计 | 增长%" belongs to the band.
    while (top > 0 && !isLine(top - 1) && origins(top - 1).length >= 2) top--;
    let bottom = first;
    // A lower header row ("本年累计 | 上年同期 | 增长%" under a merged "1-11月") has no label of its
    // own: its first column is empty or continues a merge from above, so a data row whose label
    // happens to read like a header ("本年新开工项目") never joins the band.
    const continuesBand = (r: number): boolean =>
      !isLine(r) &&
      named(r) >= 1 &&
      ((grid[r]?.[0] ?? '').trim() === '' || (mergeAt(r, 0)?.top ?? r) < r) &&
      newOrigins(r).every((o) => matchFigureHeader(o.text) !== null || isUnitText(foldHeader(o.text)));
    while (bottom + 1 < limit && continuesBand(bottom + 1)) bottom++;
    for (let r = top; r <= bottom; r++) headerRows.push(r);
  }
  function newOrigins(row: number): { row: number; col: number; text: string }[] {
    return origins(row).filter((o) => o.row === row);
  }

  const headerTop = headerRows[0] ?? 0;
  const lines: SheetLine[] = [];
  for (let r = 0; r < headerTop; r++) for (const o of origins(r)) if (o.row === r) lines.push({ row: r, cell: address(o.row, o.col), text: o.text.trim() });
  let period: LinePeriod | null = null;
  const unitLines: (ReadCell & { units: string[] })[] = [];
  for (const line of lines) {
    const folded = foldHeader(line.text);
    const p = LINE_PERIOD.exec(folded);
    if (period === null && p?.[1] !== undefined && p[3] !== undefined) {
      period = { cell: line.cell, text: line.text, year: Number(p[1]), from: Number(p[2] ?? p[3]), to: Number(p[3]) };
    }
    // Whitespace separates "填报单位：某某园区 单位：万元", so it is kept here.
    for (const m of line.text.normalize('NFKC').matchAll(UNIT_LINE)) {
      const units = (m[1] ?? '').split(/[、,/]/u).filter((u) => isUnitText(u));
      if (units.length > 0) unitLines.push({ cell: line.cell, text: line.text, units });
    }
  }

  const columns = new Map<number, ColumnHeader>();
  const width = Math.max(0, ...headerRows.map((r) => grid[r]?.length ?? 0));
  for (let col = 0; col < width; col++) {
    const read: ReadCell[] = [];
    for (const r of headerRows) {
      const text = (grid[r]?.[col] ?? '').trim();
      if (text === '') continue;
      const m = mergeAt(r, col);
      const cell = address(m?.top ?? r, m?.left ?? col);
      if (read.at(-1)?.cell !== cell) read.push({ cell, text });
    }
    const header = combineHeader(read);
    if (header !== null) columns.set(col, header);
  }
  applyYears(columns);
  return { grid, headerRows, columns, lines, period, unitLines, mergeAt };
}

/** A title such as "2023年1-11月招商引资到位情况": long, or ending in 表/情况/报. */
function isTitleText(text: string): boolean {
  const folded = foldHeader(text);
  return TITLE_WORDS.test(folded) || (folded.length > 12 && LINE_PERIOD.test(folded));
}

interface Part extends ReadCell {
  figure: TemplateFigure;
  confidence: number;
  reason: string;
}

/** The figure of one column from its header cells, top to bottom; null when none names one. */
function combineHeader(read: readonly ReadCell[]): ColumnHeader | null {
  const parts: Part[] = [];
  const qualifiers: ReadCell[] = [];
  let unit: ColumnHeader['unit'] = null;
  for (const cell of read) {
    let text = foldHeader(cell.text);
    if (isUnitText(text)) {
      unit = { ...cell, units: text.split(/[、,/]/u) };
      continue;
    }
    const bracket = /\(([^()]+)\)$/u.exec(text);
    if (bracket?.[1] !== undefined && isUnitText(bracket[1])) {
      unit = { ...cell, units: bracket[1].split(/[、,/]/u) };
      text = text.slice(0, bracket.index);
    }
    if (PERIOD_ONLY.test(text)) {
      qualifiers.push(cell);
      continue;
    }
    const match = matchFigureHeader(text);
    if (match !== null) parts.push({ ...cell, figure: match.figure, confidence: match.confidence, reason: match.reason });
  }
  const doubts: string[] = [];
  if (parts.length === 0) {
    // A column headed only by a period: "1-11月" is 累计, "11月" is 本月.
    const q = qualifiers.at(-1);
    const match = q === undefined ? null : matchFigureHeader(q.text);
    if (q === undefined || match === null) return null;
    return { figure: match.figure, periodOffset: 0, confidence: 0.9, reason: `表头“${q.text}”只写了期别，按${match.reason}处理`, cells: [...read], unit, doubts };
  }
  const last = parts.at(-1) as Part;
  const upper = new Set(parts.slice(0, -1).map((p) => p.figure));
  let figure = last.figure;
  let periodOffset = 0;
  let reason = last.reason;
  const mixed = (): void => {
    doubts.push(`表头“${parts.map((p) => p.text).join(' / ')}”含义不一致，请确认是哪一项数值`);
  };
  if (upper.size > 0 && !(upper.size === 1 && upper.has(figure))) {
    if (figure === 'target' || figure === 'note' || figure === 'completion') {
      // 年度目标 / 备注 / 完成进度 mean the same under any group.
    } else if (figure === 'growth') {
      if (upper.has('month')) doubts.push(`“${last.text}”在“本月”下，是本月增速，不是累计同比：请确认或改为只读取`);
    } else if ((figure === 'month' || figure === 'cumulative') && upper.has('prior_cumulative')) {
      if (figure === 'month') {
        periodOffset = -12;
        reason = '上年同月列';
      } else {
        figure = 'prior_cumulative';
        reason = '上年同期累计列';
      }
    } else if (figure === 'prior_cumulative' && upper.has('month')) {
      figure = 'month';
      periodOffset = -12;
      reason = '上年同月列';
    } else if (figure === 'prior_cumulative' && upper.has('cumulative')) {
      // "1-11月累计" over "上年同期": 上年同期累计.
    } else if (figure === 'month' && upper.has('cumulative') && parts.every((p) => p === last || /^本年$|^本期$/u.test(foldHeader(p.text)))) {
      // "本年" over "本月": still 本月.
    } else {
      mixed();
    }
  }
  const confidence = Math.min(...parts.map((p) => p.confidence));
  const qualified = qualifiers.length > 0 ? `（期别“${qualifiers.map((q) => q.text).join(' / ')}”只说明期别）` : '';
  return { figure, periodOffset, confidence, reason: `${reason}${qualified}`, cells: [...read], unit, doubts };
}

/**
 * Columns headed with different years ("2023年1-11月 | 2022年1-11月"): the earlier year is last
 * year's figure (上年同期累计, or 本月 twelve months back); two or more years back is left for the
 * clerk.
 */
function applyYears(columns: Map<number, ColumnHeader>): void {
  const yearOf = (h: ColumnHeader): number | null => {
    for (const c of h.cells) {
      const y = /(\d{4})年/u.exec(foldHeader(c.text))?.[1];
      if (y !== undefined) return Number(y);
    }
    return null;
  };
  const years = [...columns.values()].map(yearOf).filter((y): y is number => y !== null);
  if (years.length === 0) return;
  const latest = Math.max(...years);
  for (const h of columns.values()) {
    const year = yearOf(h);
    if (year === null || year === latest) continue;
    const back = latest - year;
    if (h.figure === 'month' && h.periodOffset === 0) {
      h.periodOffset = -12 * back;
      h.reason += `（${year}年，即${back === 1 ? '上年' : `${back}年前`}同月）`;
    } else if (h.figure === 'cumulative' && back === 1) {
      h.figure = 'prior_cumulative';
      h.reason = `上年同期累计列（${year}年）`;
    } else if (h.figure !== 'note') {
      h.doubts.push(`表头写的是${year}年，早于其他列的${latest}年，请确认是哪一期的数值`);
    }
  }
}

/** "B5" for 0-based row 4, column 1. */
export function address(row: number, col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return `${name}${row + 1}`;
}

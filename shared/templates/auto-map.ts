import { matchFigureHeader, type FigureHeaderMatch } from './figure-header.js';
import { normalizeLabel } from './label-normalize.js';
import { type TemplateBinding } from './template-binding.js';

/** The part of a catalog indicator auto-mapping looks at. */
export interface IndicatorRef {
  id: number;
  code: string;
  name: string;
}

/** One candidate indicator for a row label, best first in {@link matchRowLabel}'s result. */
export interface LabelMatch {
  indicatorId: number;
  /** 0–1: 1 code, 0.95 name, 0.85 name without bracketed text, ≤0.8 containment/similarity. */
  confidence: number;
  /** Chinese explanation for the mapping screen. */
  reason: string;
}

/** A proposed binding with why it was proposed; the clerk confirms or corrects it. */
export interface BindingProposal extends TemplateBinding {
  confidence: number;
  reason: string;
  /** Other indicators that matched the row label almost as well (ambiguity the clerk resolves). */
  alternatives: number[];
}

/** A sheet as text for auto-mapping: displayed cell text by 0-based row/column, plus merges. */
export interface SheetText {
  name: string;
  cells: ReadonlyArray<ReadonlyArray<string>>;
  merges?: ReadonlyArray<{ top: number; left: number; bottom: number; right: number }>;
}

const MIN_CONFIDENCE = 0.5;

/**
 * Candidate indicators for a row label, best first (at most 5, confidence ≥ 0.5). Tolerates
 * spaces, full-width characters, numbering ("1、", "（一）"), "其中：" and a trailing unit;
 * matches the code ("A01", or "A01 规模以上工业总产值"), the name, the name without bracketed
 * text, then containment and character-bigram similarity.
 */
export function matchRowLabel(label: string, indicators: readonly IndicatorRef[]): LabelMatch[] {
  const target = normalizeLabel(label).text;
  if (target === '') return [];
  const matches: LabelMatch[] = [];
  for (const indicator of indicators) {
    const scored = scoreLabel(target, indicator);
    if (scored !== null && scored.confidence >= MIN_CONFIDENCE) matches.push({ indicatorId: indicator.id, ...scored });
  }
  return matches.sort((a, b) => b.confidence - a.confidence).slice(0, 5);
}

function scoreLabel(target: string, indicator: IndicatorRef): Omit<LabelMatch, 'indicatorId'> | null {
  const code = indicator.code.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
  const name = normalizeLabel(indicator.name).text;
  if (code !== '' && (target === code || target === code + name)) return { confidence: 1, reason: `代码“${indicator.code}”一致` };
  if (target === name) return { confidence: 0.95, reason: `名称与“${indicator.name}”一致` };
  const bare = (s: string): string => s.replace(/\([^()]*\)/gu, '');
  if (bare(target) !== '' && bare(target) === bare(name)) return { confidence: 0.85, reason: `忽略括号内容后与“${indicator.name}”一致` };
  const [short, long] = target.length <= name.length ? [target, name] : [name, target];
  if (short.length >= 3 && long.includes(short)) {
    return { confidence: 0.55 + 0.25 * (short.length / long.length), reason: `名称包含“${indicator.name}”` };
  }
  const dice = bigramDice(target, name);
  return dice >= 0.6 ? { confidence: 0.7 * dice, reason: `名称与“${indicator.name}”相似` } : null;
}

function bigramDice(a: string, b: string): number {
  const grams = (s: string): string[] => Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2));
  const left = grams(a);
  const right = grams(b);
  if (left.length === 0 || right.length === 0) return 0;
  const pool = [...right];
  let shared = 0;
  for (const g of left) {
    const i = pool.indexOf(g);
    if (i >= 0) {
      shared++;
      pool.splice(i, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

/**
 * Proposes bindings for one sheet: finds the header rows (rows whose cells name figures; a
 * multi-row merged header such as "1-11月" over "本年累计 | 上年同期 | 增长%" is read per column
 * top to bottom), the label column (the one of the first three whose cells match most
 * indicators), then proposes label-row × figure-column cells. Each proposal's confidence is the
 * lower of its row's and its column's. The unit comes from the label ("（万元）"), else from a
 * "单位：万元" line above the header; growth and completion are in '%'.
 */
export function proposeBindings(sheet: SheetText, indicators: readonly IndicatorRef[]): BindingProposal[] {
  const grid = fillMerges(sheet);
  const headerRows = findHeaderRows(grid);
  if (headerRows.length === 0) return [];
  const firstDataRow = Math.max(...headerRows) + 1;
  const columns = columnFigures(grid, headerRows);
  const labelColumn = findLabelColumn(grid, firstDataRow, indicators);
  if (labelColumn === null) return [];
  const sheetUnit = findSheetUnit(grid, Math.min(...headerRows));
  const proposals: BindingProposal[] = [];
  for (let row = firstDataRow; row < grid.length; row++) {
    const label = grid[row]?.[labelColumn] ?? '';
    const [best, ...others] = matchRowLabel(label, indicators);
    if (best === undefined) continue;
    const labelUnit = normalizeLabel(label).unit;
    for (const [col, header] of columns) {
      if (col === labelColumn) continue;
      const unit = header.match.figure === 'growth' || header.match.figure === 'completion' ? '%' : header.match.figure === 'note' ? null : (labelUnit ?? sheetUnit);
      proposals.push({
        sheet: sheet.name,
        cell: `${columnLetters(col)}${row + 1}`,
        indicatorId: best.indicatorId,
        figure: header.match.figure,
        unit,
        periodOffset: 0,
        confidence: Math.min(best.confidence, header.match.confidence),
        reason: `行“${label.trim()}”：${best.reason}；列“${header.text}”：${header.match.reason}`,
        alternatives: others.filter((o) => best.confidence - o.confidence < 0.05).map((o) => o.indicatorId),
      });
    }
  }
  return proposals;
}

/** A copy of the sheet text with every merged area showing its top-left text. */
function fillMerges(sheet: SheetText): string[][] {
  const grid = sheet.cells.map((row) => [...row]);
  for (const m of sheet.merges ?? []) {
    const text = grid[m.top]?.[m.left] ?? '';
    for (let r = m.top; r <= m.bottom; r++) {
      const row = (grid[r] ??= []);
      for (let c = m.left; c <= m.right; c++) row[c] = text;
    }
  }
  return grid;
}

/** Rows (among the first 20) in which at least two cells name a figure. */
function findHeaderRows(grid: readonly string[][]): number[] {
  const rows: number[] = [];
  for (let r = 0; r < Math.min(grid.length, 20); r++) {
    const named = (grid[r] ?? []).filter((text) => matchFigureHeader(text) !== null).length;
    if (named >= 2) rows.push(r);
    else if (rows.length > 0) break; // the header block has ended
  }
  return rows;
}

/** For each column, the header text stacked over the header rows and the figure it names. */
function columnFigures(grid: readonly string[][], headerRows: readonly number[]): Map<number, { text: string; match: FigureHeaderMatch }> {
  const result = new Map<number, { text: string; match: FigureHeaderMatch }>();
  const width = Math.max(...headerRows.map((r) => grid[r]?.length ?? 0));
  for (let col = 0; col < width; col++) {
    const parts: string[] = [];
    for (const r of headerRows) {
      const text = (grid[r]?.[col] ?? '').trim();
      if (text !== '' && parts.at(-1) !== text) parts.push(text); // a vertical merge repeats its text
    }
    const text = parts.join('');
    const match = matchFigureHeader(text);
    if (match !== null) result.set(col, { text, match });
  }
  return result;
}

function findLabelColumn(grid: readonly string[][], firstDataRow: number, indicators: readonly IndicatorRef[]): number | null {
  let best: { col: number; hits: number } | null = null;
  for (let col = 0; col < 3; col++) {
    let hits = 0;
    for (let r = firstDataRow; r < grid.length; r++) if (matchRowLabel(grid[r]?.[col] ?? '', indicators).length > 0) hits++;
    if (hits > 0 && (best === null || hits > best.hits)) best = { col, hits };
  }
  return best?.col ?? null;
}

/** The first unit named by a "单位：万元" line above the header, or null. */
function findSheetUnit(grid: readonly string[][], headerTop: number): string | null {
  for (let r = 0; r < headerTop; r++) {
    for (const text of grid[r] ?? []) {
      const unit = /单位\s*[:：]\s*(千元|万元|亿元|元|家|个|人|亩|吨)/u.exec(text.normalize('NFKC'))?.[1];
      if (unit !== undefined) return unit;
    }
  }
  return null;
}

function columnLetters(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

import { unitExponent } from '../stats/units.js';
import { duplicateTargets } from './binding-targets.js';
import { isUnitText, normalizeLabel } from './label-normalize.js';
import { address, foldHeader, readSheetLayout, type CellArea, type ColumnHeader, type ReadCell, type SheetLayout } from './sheet-layout.js';
import { type TemplateBinding } from './template-binding.js';

/** The part of a catalog indicator auto-mapping looks at. */
export interface IndicatorRef {
  id: number;
  code: string;
  name: string;
  /** The indicator's unit (万元, 家, %…; '' for none): a sheet's unit line applies only to rows whose unit converts. */
  unit: string;
}

/** One candidate indicator for a row label, best first in {@link matchRowLabel}'s result. */
export interface LabelMatch {
  indicatorId: number;
  /** 0–1: 1 code, 0.95 name, 0.85 name without bracketed text, ≤0.8 containment/similarity. */
  confidence: number;
  /** Chinese explanation for the mapping screen. */
  reason: string;
}

/** Where a proposal's unit came from. */
export type UnitSource = 'label' | 'unit-column' | 'header' | 'line' | 'rate';

/** What the proposal was read from, for the mapping screen: nothing is proposed without it. */
export interface ProposalEvidence {
  /** The row label cell ("1、规模以上工业总产值"). */
  rowLabel: ReadCell;
  /** The code cell ("A01") when the sheet has a code column. */
  code: ReadCell | null;
  /** The header cells of the column, top to bottom ("1-11月", "本年累计"). */
  headerCells: ReadCell[];
  /** The unit taken and the cell it was written in; null = none written (the indicator's own unit). */
  unit: (ReadCell & { unit: string; source: UnitSource }) | null;
  /** The title or period line naming the sheet's period ("2023年1-11月"), if any. */
  period: ReadCell | null;
}

/**
 * A proposed binding with its evidence. `status` 'confident' means every part was read
 * unambiguously (code or name, header, unit); 'pending' (待确认) carries `doubts` and
 * `alternatives` and must not be saved until the clerk decides.
 */
export interface BindingProposal extends TemplateBinding {
  confidence: number;
  reason: string;
  /** Other indicators the row could be (best first); the clerk picks one for a 待确认 proposal. */
  alternatives: number[];
  status: 'confident' | 'pending';
  /** Chinese reasons the proposal waits for the clerk; empty when confident. */
  doubts: string[];
  evidence: ProposalEvidence;
}

/** A sheet as text for auto-mapping: displayed cell text by 0-based row/column, plus merges and formula cells. */
export interface SheetText {
  name: string;
  cells: ReadonlyArray<ReadonlyArray<string>>;
  merges?: ReadonlyArray<CellArea>;
  formulas?: ReadonlyArray<{ row: number; col: number }>;
}

/** The outcome of auto-mapping one sheet: proposals plus sheet-level notes ("units as rows…"). */
export interface SheetProposals {
  proposals: BindingProposal[];
  notes: string[];
}

/** Row matches at or above this are exact (code, name, name without brackets); below is a guess. */
const CONFIDENT = 0.85;
/** The message for a mapped formula cell (shown while mapping and when saving). */
export const FORMULA_CELL_MESSAGE = '此单元格为公式，导出时不会写入：请映射其组成单元格，或改为只读取';

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
 * Proposes bindings for one sheet (see {@link proposeSheet}); the proposals only.
 */
export function proposeBindings(sheet: SheetText, indicators: readonly IndicatorRef[]): BindingProposal[] {
  return proposeSheet(sheet, indicators).proposals;
}

/**
 * Proposes bindings for one sheet, never guessing silently:
 * - the header band (one or more rows, merged cells) is found apart from the title, period and
 *   unit lines above it; a period line sets the period, never the figure (本月 stays 本月 under
 *   a merged "2023年1-11月");
 * - rows are matched by a code column first ("A01" beats a name), then by name (qualifiers
 *   such as （不含农户） are part of the name); section rows ("二、招商引资", a label merged
 *   across the figure columns) and title lines are never proposed;
 * - the unit comes from the row (label bracket, 计量单位 column), the column header, or a
 *   "单位：万元" line — a unit applies only to an indicator whose unit converts to it (金额单位
 *   万元 never lands on a 家 row);
 * - a proposal is 'confident' only when code/name, header and unit are all unambiguous; anything
 *   else — a similar name, a close second indicator, mixed header meanings, a formula cell, two
 *   cells aiming at one figure — is 'pending' with its doubts and alternatives.
 * A table with reporting units as rows and indicators as column groups gets a note instead of
 * proposals (bindings hold no reporting unit).
 */
export function proposeSheet(sheet: SheetText, indicators: readonly IndicatorRef[]): SheetProposals {
  const layout = readSheetLayout(sheet.cells, sheet.merges);
  if (layout.headerRows.length === 0 || layout.columns.size === 0) return { proposals: [], notes: [] };
  const firstDataRow = Math.max(...layout.headerRows) + 1;
  const { grid } = layout;
  if (isTransposed(layout, indicators)) {
    return { proposals: [], notes: [`工作表“${sheet.name}”的指标在表头、各行是填报单位，暂不能自动匹配，请逐格映射。`] };
  }
  const codeColumn = findCodeColumn(grid, firstDataRow, indicators);
  const labelColumn = findLabelColumn(grid, firstDataRow, indicators, codeColumn);
  if (labelColumn === null && codeColumn === null) return { proposals: [], notes: [] };
  const unitColumn = [...Array(Math.min(5, grid[firstDataRow - 1]?.length ?? 0)).keys()].find((c) =>
    layout.headerRows.some((r) => /^(?:计量)?单位$/u.test(foldHeader(grid[r]?.[c] ?? ''))),
  );
  const formulas = new Set((sheet.formulas ?? []).map((f) => `${f.row}:${f.col}`));
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const period = layout.period === null ? null : { cell: layout.period.cell, text: layout.period.text };
  const proposals: BindingProposal[] = [];
  for (let row = firstDataRow; row < grid.length; row++) {
    const match = matchRow(layout, row, labelColumn, codeColumn, indicators, byId);
    if (match === null) continue;
    const rowUnit = unitColumn === undefined ? null : cellUnit(layout, row, unitColumn);
    for (const [col, header] of layout.columns) {
      if (col === labelColumn || col === codeColumn || col === unitColumn) continue;
      const merge = layout.mergeAt(row, col);
      if (merge !== null && (merge.top !== row || merge.left !== col)) continue; // covered by a merge
      const indicator = byId.get(match.indicatorId) as IndicatorRef;
      const doubts = [...match.doubts, ...header.doubts];
      const unit = proposalUnit(header, indicator, match.label, match.labelUnit, rowUnit, layout, doubts);
      if (formulas.has(`${row}:${col}`)) doubts.push(FORMULA_CELL_MESSAGE);
      const confidence = Math.min(match.confidence, header.confidence);
      if (confidence < CONFIDENT && doubts.length === 0) doubts.push(`把握不足（${Math.round(confidence * 100)}%），请确认`);
      proposals.push({
        sheet: sheet.name,
        cell: address(row, col),
        indicatorId: match.indicatorId,
        figure: header.figure,
        unit: unit?.unit ?? null,
        periodOffset: header.periodOffset,
        confidence,
        reason: `行“${match.label.text}”：${match.reason}；列“${header.cells.map((c) => c.text).join('')}”：${header.reason}${unit === null ? '' : `；单位${unit.unit}（${unitSourceText(unit.source)} ${unit.cell}）`}`,
        alternatives: match.alternatives,
        status: doubts.length === 0 ? 'confident' : 'pending',
        doubts,
        evidence: { rowLabel: match.label, code: match.code, headerCells: header.cells, unit, period },
      });
    }
  }
  markDuplicateTargets(proposals);
  return { proposals, notes: [] };
}

interface RowMatch {
  indicatorId: number;
  confidence: number;
  reason: string;
  alternatives: number[];
  doubts: string[];
  label: ReadCell;
  code: ReadCell | null;
  labelUnit: string | null;
}

/** The indicator of a data row, or null for blank, section, title and unmatched rows. */
function matchRow(layout: SheetLayout, row: number, labelColumn: number | null, codeColumn: number | null, indicators: readonly IndicatorRef[], byId: ReadonlyMap<number, IndicatorRef>): RowMatch | null {
  const { grid } = layout;
  const cellOf = (col: number | null): ReadCell | null => {
    if (col === null) return null;
    const text = (grid[row]?.[col] ?? '').trim();
    const m = layout.mergeAt(row, col);
    if (text === '' || (m !== null && m.top !== row)) return null; // a vertical merge's continuation
    return { cell: address(row, m?.left ?? col), text };
  };
  const label = cellOf(labelColumn);
  const code = cellOf(codeColumn);
  if (label === null && code === null) return null;
  // A label merged across the figure columns is a section or title line, never a figure row.
  const labelMerge = labelColumn === null ? null : layout.mergeAt(row, labelColumn);
  if (labelMerge !== null && [...layout.columns.keys()].some((c) => c !== labelColumn && c >= labelMerge.left && c <= labelMerge.right)) return null;
  const names = label === null ? [] : matchRowLabel(label.text, indicators);
  const codeHit = code === null ? undefined : indicators.find((i) => foldCode(i.code) !== '' && foldCode(i.code) === foldCode(code.text));
  const shown = label ?? code ?? { cell: '', text: '' };
  const labelUnit = label === null ? null : normalizeLabel(label.text).unit;
  if (codeHit !== undefined) {
    const doubts: string[] = [];
    const named = names[0];
    if (named !== undefined && named.indicatorId !== codeHit.id && named.confidence >= 0.95) {
      doubts.push(`代码“${code?.text ?? ''}”是“${codeHit.name}”，名称却是“${byId.get(named.indicatorId)?.name ?? ''}”，请确认`);
    }
    return { indicatorId: codeHit.id, confidence: 1, reason: `代码“${codeHit.code}”一致`, alternatives: names.filter((n) => n.indicatorId !== codeHit.id).map((n) => n.indicatorId), doubts, label: shown, code, labelUnit };
  }
  const [best, ...others] = names;
  if (best === undefined || label === null) return null;
  // "二、招商引资": a top-level numbered line that is no indicator's name is a section title.
  if (/^[一二三四五六七八九十]{1,3}\s*[、.．]/u.test(label.text.normalize('NFKC')) && best.confidence < 0.95) return null;
  const doubts: string[] = [];
  if (best.confidence < CONFIDENT) doubts.push(`行“${label.text}”只是与“${byId.get(best.indicatorId)?.name ?? ''}”相近（${best.reason}），请确认`);
  // An exact name (0.95) outranks a match with brackets ignored (0.85): "固定资产投资（不含农户）" is not 固定资产投资.
  const close = others.filter((o) => best.confidence - o.confidence < 0.05);
  if (close.length > 0) doubts.push(`行“${label.text}”也可能是${close.map((o) => `“${byId.get(o.indicatorId)?.name ?? ''}”`).join('、')}`);
  return { indicatorId: best.indicatorId, confidence: best.confidence, reason: best.reason, alternatives: others.map((o) => o.indicatorId), doubts, label, code, labelUnit };
}

/**
 * The unit of one proposal: '%' for 同比/完成进度, none for 备注; otherwise the first unit, in
 * the order row label → 计量单位 column → column header → unit line, that converts from the
 * indicator's unit. A row's own unit that does not convert is a doubt; a sheet-level one simply
 * does not apply to that row.
 */
function proposalUnit(header: ColumnHeader, indicator: IndicatorRef, label: ReadCell, labelUnit: string | null, rowUnit: (ReadCell & { units: string[] }) | null, layout: SheetLayout, doubts: string[]): ProposalEvidence['unit'] {
  if (header.figure === 'note') return null;
  if (header.figure === 'growth' || header.figure === 'completion') {
    const first = header.cells[0];
    return { unit: '%', source: 'rate', cell: first?.cell ?? '', text: first?.text ?? '' };
  }
  const fits = (units: readonly string[]): string | undefined => units.find((u) => indicator.unit !== '' && unitExponent(indicator.unit, u) !== null);
  const rowSources: (ReadCell & { units: string[]; source: UnitSource })[] = [];
  if (labelUnit !== null) rowSources.push({ cell: label.cell, text: label.text, units: labelUnit.split(/[、,/]/u), source: 'label' });
  if (rowUnit !== null) rowSources.push({ ...rowUnit, source: 'unit-column' });
  for (const source of rowSources) {
    const unit = fits(source.units);
    if (unit !== undefined) return { unit, source: source.source, cell: source.cell, text: source.text };
    if (indicator.unit !== '' && source.units.every((u) => u !== indicator.unit)) {
      doubts.push(`本行写明单位“${source.units.join('、')}”，指标“${indicator.name}”的单位是${indicator.unit}，不能换算，请确认`);
      return null;
    }
  }
  const sheetSources: (ReadCell & { units: string[]; source: UnitSource })[] = [
    ...(header.unit === null ? [] : [{ ...header.unit, source: 'header' as const }]),
    ...layout.unitLines.map((l) => ({ ...l, source: 'line' as const })),
  ];
  for (const source of sheetSources) {
    const unit = fits(source.units);
    if (unit !== undefined) return { unit, source: source.source, cell: source.cell, text: source.text };
  }
  return null;
}

function unitSourceText(source: UnitSource): string {
  return { label: '行名称', 'unit-column': '计量单位列', header: '列表头', line: '单位行', rate: '百分比列' }[source];
}

/** The unit written in a 计量单位 column cell, or null. */
function cellUnit(layout: SheetLayout, row: number, col: number): (ReadCell & { units: string[] }) | null {
  const text = foldHeader(layout.grid[row]?.[col] ?? '');
  if (text === '' || !isUnitText(text)) return null;
  return { cell: address(row, col), text, units: text.split(/[、,/]/u) };
}

/**
 * Two proposals of one sheet aiming at the same indicator, figure and period would have an
 * import write one over the other: both wait for the clerk.
 */
function markDuplicateTargets(proposals: BindingProposal[]): void {
  for (const duplicate of duplicateTargets(proposals)) {
    for (const p of proposals) {
      if (p.sheet !== duplicate.sheet || !duplicate.cells.includes(p.cell)) continue;
      const others = duplicate.cells.filter((c) => c !== p.cell);
      p.doubts.push(`与 ${others.join('、')} 映射到同一指标的同一数值，导入时会互相覆盖，请只保留一个`);
      p.status = 'pending';
    }
  }
}

function foldCode(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** The column (among the first four) whose data cells are indicator codes, if any. */
function findCodeColumn(grid: readonly string[][], firstDataRow: number, indicators: readonly IndicatorRef[]): number | null {
  const codes = new Set(indicators.map((i) => foldCode(i.code)).filter((c) => c !== ''));
  let best: { col: number; hits: number } | null = null;
  for (let col = 0; col < 4; col++) {
    let hits = 0;
    for (let r = firstDataRow; r < grid.length; r++) if (codes.has(foldCode(grid[r]?.[col] ?? ''))) hits++;
    if (hits > 0 && (best === null || hits > best.hits)) best = { col, hits };
  }
  return best?.col ?? null;
}

function findLabelColumn(grid: readonly string[][], firstDataRow: number, indicators: readonly IndicatorRef[], codeColumn: number | null): number | null {
  let best: { col: number; hits: number } | null = null;
  for (let col = 0; col < 4; col++) {
    if (col === codeColumn) continue;
    let hits = 0;
    for (let r = firstDataRow; r < grid.length; r++) if (matchRowLabel(grid[r]?.[col] ?? '', indicators).length > 0) hits++;
    if (hits > 0 && (best === null || hits > best.hits)) best = { col, hits };
  }
  return best?.col ?? null;
}

/** Indicators named in the header band (as column groups) mean units are the rows. */
function isTransposed(layout: SheetLayout, indicators: readonly IndicatorRef[]): boolean {
  let named = 0;
  const seen = new Set<string>();
  for (const r of layout.headerRows) {
    for (const text of layout.grid[r] ?? []) {
      if (text.trim() === '' || seen.has(text)) continue;
      seen.add(text);
      if (matchRowLabel(text, indicators).some((m) => m.confidence >= CONFIDENT)) named++;
    }
  }
  return named >= 1;
}

import { type Database } from 'better-sqlite3';
import {
  type ComparisonCells,
  type ComparisonIndicator,
  type ComparisonRow,
  type ComparisonView,
  type ConsolidatedFormView,
  type ConsolidationScopeInfo,
} from '../../../shared/api/consolidation-api.js';
import { type Form, type FormItem, type Indicator, type ReportingUnit } from '../../../shared/domain/catalog.js';
import { type CellView, type FormViewRow, type StoredField } from '../../../shared/domain/grid.js';
import { type ConsolidationGap, ConsolidatedFigures, consolidateUnits, gapText } from '../../../shared/figures/consolidate.js';
import { type FigureLookup } from '../../../shared/figures/indicator-figures.js';
import { RATE_DECIMALS, buildFormFigures } from '../../../shared/figures/form-figures.js';
import { type OwnMismatch, ownMismatchRemark, ownVsConsolidated } from '../../../shared/figures/own-vs-consolidated.js';
import { compareDecimals, formatDecimal, parsePeriod, periodWords, share, timeProgress } from '../../../shared/stats/index.js';
import { type UnitTreeNode, flattenTree, reportingLeaves, unitSubtree } from '../../../shared/units/unit-tree.js';
import { formItems, getForm, indicatorsById } from '../catalog/indicator-repo.js';
import { listUnits } from '../catalog/unit-repo.js';
import { type IndicatorSet, StoredFigures } from '../grid/stored-figures.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { UserFacingError } from '../user-facing-error.js';
import { applyLedgerFeed, ledgerFeed, withLedgerFeed } from '../ledgers/ledger-feed.js';
import { consolidatedFigures, mapLookup } from './consolidated-figures.js';

/** The node's subtree in the period. @throws UserFacingError for an unknown unit or one not in use then. */
export function scopeOf(db: Database, unitId: number, period: string): { node: UnitTreeNode; units: ReportingUnit[] } {
  const units = listUnits(db);
  const unit = units.find((u) => u.id === unitId);
  if (!unit) throw new UserFacingError('找不到该填报单位，它可能已被删除。');
  const node = unitSubtree(units, unitId, period);
  if (!node) {
    const why = unit.retiredPeriod !== null && unit.retiredPeriod <= period ? `已于${periodWords(unit.retiredPeriod)}停用` : `${periodWords(unit.joinedPeriod ?? period)}才加入`;
    throw new UserFacingError(`“${unit.name}”${why}，${periodWords(period)}没有它的汇总。请选择其他期别或单位。`);
  }
  return { node, units };
}

/**
 * True when units in use are under the unit in the period: its figures shown by default (the
 * 工作总结, the dashboard) are then its 汇总 rather than its own typed ones.
 * @throws UserFacingError for a unit with units under it that is not in use in the period.
 */
export function hasUnitsUnder(db: Database, unitId: number, period: string): boolean {
  const units = listUnits(db);
  const unit = units.find((u) => u.id === unitId);
  if (!unit || !units.some((u) => u.parentId === unitId)) return false;
  return scopeOf(db, unitId, period).node.children.length > 0;
}

const LAST_YEAR_ROWS = 'SELECT 1 FROM cell_values WHERE unit_id = ? AND period >= ? AND period < ? LIMIT 1';
const OWN_TARGETS = "SELECT indicator_id AS indicatorId, value FROM cell_values WHERE unit_id = ? AND period = ? AND field = 'target'";

/** Units under the node that joined this year, and whether their last-year figures exist (so count in 上年同期). */
export function joinedThisYear(db: Database, leaves: readonly ReportingUnit[], year: number): ConsolidationScopeInfo['joinedThisYear'] {
  return leaves
    .filter((u) => u.joinedPeriod !== null && u.joinedPeriod.startsWith(`${year}-`))
    .map((u) => ({
      unitId: u.id,
      name: u.name,
      joinedPeriod: u.joinedPeriod ?? '',
      inLastYearBase: cachedStatement(db, LAST_YEAR_ROWS).get(u.id, String(year - 1), String(year)) !== undefined,
    }));
}

/** The notes under a 汇总: its scope, the units that joined this year, the ratios it cannot sum. */
export function scopeNotes(node: UnitTreeNode, leaves: readonly ReportingUnit[], joined: ConsolidationScopeInfo['joinedThisYear'], period: string): string[] {
  const notes: string[] = [];
  if (node.children.length === 0) notes.push(`“${node.unit.name}”下没有在用的下级单位，汇总即其本身填报的数据。`);
  else notes.push(`汇总范围：“${node.unit.name}”下${periodWords(period)}在用的${leaves.length}个填报单位；流量、存量按单位相加，比率由分子、分母汇总后重算，不取平均。`);
  for (const j of joined) {
    notes.push(
      j.inLastYearBase
        ? `${j.name}于${periodWords(j.joinedPeriod)}加入，有上年数据，已计入上年同期。`
        : `${j.name}于${periodWords(j.joinedPeriod)}加入，无上年数据，上年同期未计入（同比口径不含该单位）。`,
    );
  }
  return notes;
}

/** Months of last year a form view needs: the period's month, or all 12 for a seasonal projection. */
function lastYearThrough(form: Form, month: number): number {
  return form.options.analysisColumns.includes('projection') ? 12 : month;
}

/**
 * Marks a consolidated row read-only and says where its figures come from: every figure of a
 * 汇总 is derived; an indicator whose total is unknown names the units to blame.
 */
export function markConsolidated(row: FormViewRow, gaps: readonly ConsolidationGap[] | undefined, indicator: Indicator | undefined): void {
  delete row.mismatch;
  for (const cell of Object.values(row.cells)) {
    if (!cell) continue;
    cell.editable = false;
    if (cell.state === 'typed' || cell.state === 'mismatch') cell.state = 'derived';
  }
  const { month, cumulative } = row.cells;
  if (indicator?.kind === 'ratio' && (indicator.numeratorId === null || indicator.denominatorId === null)) {
    const remark = '比率未定义分子、分母，无法汇总（比率不取平均）';
    if (month) month.remark = remark;
    if (cumulative) cumulative.remark = remark;
  } else if (gaps && gaps.length > 0 && cumulative) {
    cumulative.state = 'missing';
    cumulative.value = null;
    cumulative.display = '';
    cumulative.remark = `汇总不全，缺报：${gapText(gaps)}`;
  } else if (cumulative && cumulative.state === 'derived' && !cumulative.remark) {
    cumulative.remark = '各单位汇总';
  }
}

/** A node's 汇总 as the figure engine reads it, with what it is made of. */
export interface NodeConsolidation {
  node: UnitTreeNode;
  /** The units whose own figures make up the total. */
  leaves: ReportingUnit[];
  /** The consolidated figures (the node's own 年度目标 and its ledger-fed figures laid over them). */
  figures: ConsolidatedFigures;
  /** Per indicator: the units whose gaps leave the total unknown. */
  gaps: Map<number, ConsolidationGap[]>;
}

/**
 * The 汇总 of a node for `period` (`YYYY-MM`) as a figure lookup: the units under it summed by
 * each indicator's rule; a node's own typed 年度目标 is its target (the county's target is set
 * for the county), otherwise the units' targets are summed when every unit has one; indicators
 * read from a ledger count every entry under the node. Read it with `buildFormFigures` (then
 * {@link markConsolidated} each row) exactly like a unit's own figures. With `only`, just those
 * indicators are read and summed (see `indicatorsReadBy` for what a view of some rows needs).
 * @throws UserFacingError for an unknown unit, or a unit not in use in the period.
 */
export function nodeConsolidation(
  db: Database,
  form: Form,
  unitId: number,
  period: string,
  catalog: ReadonlyMap<number, Indicator>,
  only?: IndicatorSet,
): NodeConsolidation {
  const { year, month } = parsePeriod(period);
  const { node } = scopeOf(db, unitId, period);
  const leaves = reportingLeaves(node);
  const { figures, gaps } = consolidatedFigures(db, {
    units: leaves,
    indicators: only ? [...only.ids].flatMap((id) => catalog.get(id) ?? []) : [...catalog.values()],
    only,
    catalog,
    year,
    month,
    lastYearThrough: lastYearThrough(form, month),
    formFirstReturn: form.firstReturnMonth,
    nodeId: node.children.length > 0 ? unitId : undefined,
  });
  if (node.children.length > 0) applyOwnTargets(db, figures, unitId, year);
  applyLedgerFeed(figures, ledgerFeed(db, unitId, year - 1, year));
  return { node, leaves, figures, gaps };
}

/**
 * The form view of a unit's 汇总 for `period` (`YYYY-MM`): the one form view model
 * (`buildFormFigures`) over {@link nodeConsolidation}. Read-only.
 * @throws UserFacingError for an unknown form or unit, or a unit not in use in the period.
 */
export function consolidatedFormView(db: Database, formId: number, unitId: number, period: string): ConsolidatedFormView {
  const form = getForm(db, formId);
  const { year } = parsePeriod(period);
  const catalog = indicatorsById(db);
  const items = formItems(db, formId);
  const { node, leaves, figures, gaps } = nodeConsolidation(db, form, unitId, period, catalog);
  // 两年平均 needs figures two years back, which a 汇总 does not read: not offered on a total.
  const shown: Form = { ...form, options: { ...form.options, analysisColumns: form.options.analysisColumns.filter((c) => c !== 'twoYearAverage') } };
  const view = buildFormFigures({ form: shown, items, indicators: catalog, unitId, period, figures });
  for (const row of view.rows) if (row.indicatorId !== null) markConsolidated(row, gaps.get(row.indicatorId), catalog.get(row.indicatorId));
  const joined = joinedThisYear(db, leaves, year);
  const notes = [...scopeNotes(node, leaves, joined, period), ...view.notes];
  if (gaps.size > 0) notes.push(`${gaps.size}项指标因部分单位缺数，汇总不全（见单元格提示）。`);
  if (node.children.length > 0) {
    const onForm = items.flatMap((i) => (i.type === 'indicator' ? [i.indicator] : []));
    const mismatches = ownVsConsolidated(StoredFigures.load(db, unitId, year - 1, year), figures, onForm, catalog, form.firstReturnMonth, period);
    for (const m of mismatches) {
      const row = view.rows.find((r) => r.indicatorId === m.indicatorId);
      if (row) markOwnMismatch(row.cells, m);
    }
    if (mismatches.length > 0) notes.push(`${mismatches.length}项指标“${node.unit.name}”自报数与下级汇总不一致：${mismatches.map((m) => m.name).join('、')}（见单元格提示）。`);
  }
  return { formId, unitId, ...view, notes, scope: { unitIds: leaves.map((u) => u.id), joinedThisYear: joined } };
}

/** Shows on the total's period figure that the node's own typed figure differs from it. */
function markOwnMismatch(cells: { cumulative?: CellView | undefined; month?: CellView | undefined }, m: OwnMismatch): void {
  const cell = cells.cumulative && cells.cumulative.value !== null ? cells.cumulative : cells.month;
  if (!cell) return;
  cell.state = 'mismatch';
  cell.remark = ownMismatchRemark(m);
}

/** A node's own typed 年度目标 replaces the sum of its units' targets. */
function applyOwnTargets(db: Database, figures: ConsolidatedFigures, unitId: number, year: number): void {
  const own = cachedStatement(db, OWN_TARGETS).all(unitId, String(year)) as { indicatorId: number; value: string }[];
  for (const t of own) figures.set(t.indicatorId, String(year), 'target', t.value);
}

const COMPARED_ROWS = `SELECT unit_id AS unitId, indicator_id AS indicatorId, period, field, value FROM cell_values
  WHERE unit_id IN (SELECT value FROM json_each(?)) AND indicator_id IN (SELECT value FROM json_each(?))
    AND field <> 'note' AND period >= ? AND period < ?`;

const emptyCell = (): CellView => ({ value: null, display: '', state: 'empty', editable: false });

/**
 * The unit comparison view (单位对比) of the units under `unitId` for `period`: one row per unit
 * in use (a unit with units under it shows their 汇总), per chosen indicator 本月, 累计, 同比,
 * 占全县比重 (share of the 合计), 年度目标, 完成率, 与时间进度比 and the rank among its siblings
 * (by 累计, largest first, ties share a rank); the 合计 row is the node's own 汇总.
 * @throws UserFacingError for an unknown form, unit or indicator, or a unit not in use then.
 */
export function comparisonView(db: Database, formId: number, unitId: number, period: string, indicatorIds?: readonly number[]): ComparisonView {
  const form = getForm(db, formId);
  const { year, month } = parsePeriod(period);
  const { node } = scopeOf(db, unitId, period);
  const catalog = indicatorsById(db);
  const formIndicators = formItems(db, formId).flatMap((i) => (i.type === 'indicator' ? [i.indicator] : []));
  const chosen = (indicatorIds ?? formIndicators.slice(0, 4).map((i) => i.id)).map((id) => {
    const indicator = catalog.get(id);
    if (!indicator) throw new UserFacingError('所选指标已不存在，请刷新后重选。');
    return indicator;
  });
  // Ratio components are read too: a ratio is recomputed from them in every row.
  const needed = new Map(chosen.map((i) => [i.id, i]));
  for (const i of chosen) for (const c of [i.numeratorId, i.denominatorId]) if (c !== null && catalog.has(c)) needed.set(c, catalog.get(c) as Indicator);

  const nodes = flattenTree(node);
  const lookups = new Map<number, Map<string, string>>();
  const rows = cachedStatement(db, COMPARED_ROWS).all(
    JSON.stringify(nodes.map((n) => n.unit.id)),
    JSON.stringify([...needed.keys()]),
    String(year - 1),
    String(year + 1),
  ) as { unitId: number; indicatorId: number; period: string; field: StoredField; value: string }[];
  for (const r of rows) {
    let map = lookups.get(r.unitId);
    if (!map) lookups.set(r.unitId, (map = new Map<string, string>()));
    map.set(`${r.indicatorId}|${r.period}|${r.field}`, r.value);
  }

  const shownForm: Form = { ...form, options: { ...form.options, analysisColumns: ['timeProgress'], moneyDisplayUnit: null, balanceRounding: false } };
  const items: FormItem[] = chosen.map((indicator, index) => ({ itemId: index + 1, type: 'indicator', indicator, depth: 0 }));
  const figuresOf = (n: UnitTreeNode): { figures: FigureLookup; gaps: Map<number, ConsolidationGap[]> } => {
    const feed = ledgerFeed(db, n.unit.id, year - 1, year);
    if (n.children.length === 0) return { figures: withLedgerFeed(mapLookup(lookups.get(n.unit.id)), feed), gaps: new Map() };
    const leaves = reportingLeaves(n);
    const result = consolidateUnits({
      indicators: [...needed.values()],
      catalog,
      units: leaves.map((u) => ({ unitId: u.id, name: u.name, figures: mapLookup(lookups.get(u.id)) })),
      year,
      month,
      formFirstReturn: form.firstReturnMonth,
    });
    for (const [key, value] of lookups.get(n.unit.id) ?? []) {
      const [indicatorId, p, field] = key.split('|');
      if (field === 'target' && p === String(year)) result.figures.set(Number(indicatorId), p, 'target', value);
    }
    applyLedgerFeed(result.figures, feed);
    return result;
  };
  let cumLabel = '';
  let monthLabel = '';
  const mismatchNotes: string[] = [];
  const rowOf = (n: UnitTreeNode, depth: number): ComparisonRow => {
    const { figures, gaps } = figuresOf(n);
    const view = buildFormFigures({ form: shownForm, items, indicators: catalog, unitId: n.unit.id, period, figures });
    cumLabel = view.cumulativeLabel;
    monthLabel = view.monthLabel;
    const consolidated = n.children.length > 0;
    const cells: Record<number, ComparisonCells> = {};
    // A node with units under it that typed its own figures: compared with the 汇总.
    const mismatches = consolidated ? ownVsConsolidated(mapLookup(lookups.get(n.unit.id)), figures, chosen, catalog, form.firstReturnMonth, period) : [];
    for (const m of mismatches) mismatchNotes.push(`${n.unit.name}${m.name}：${ownMismatchRemark(m)}`);
    for (const row of view.rows) {
      if (row.indicatorId === null) continue;
      if (consolidated) markConsolidated(row, gaps.get(row.indicatorId), catalog.get(row.indicatorId));
      const mismatch = mismatches.find((m) => m.indicatorId === row.indicatorId);
      if (mismatch) markOwnMismatch(row.cells, mismatch);
      const c = row.cells;
      const target = c.target ?? emptyCell();
      // The target of a unit is typed here too (its own 年度目标), also on a 汇总 row.
      target.editable = true;
      cells[row.indicatorId] = {
        month: c.month ?? emptyCell(),
        cumulative: c.cumulative ?? emptyCell(),
        growth: c.growth ?? emptyCell(),
        share: emptyCell(),
        target,
        completion: c.completion ?? emptyCell(),
        progressGap: c.progressGap ?? emptyCell(),
        rank: null,
      };
    }
    return { unitId: n.unit.id, code: n.unit.code, name: n.unit.name, parentId: n.unit.parentId, depth, consolidated, siblings: 0, cells };
  };

  const total = rowOf(node, -1);
  const out: ComparisonRow[] = [];
  const visit = (children: readonly UnitTreeNode[], depth: number): void => {
    const siblings = children.map((c) => rowOf(c, depth));
    rankSiblings(siblings, chosen);
    children.forEach((child, index) => {
      const row = siblings[index];
      if (!row) return;
      out.push(row);
      visit(child.children, depth + 1);
    });
  };
  visit(node.children, 0);
  for (const indicator of chosen) {
    if (indicator.kind === 'ratio') continue;
    const whole = total.cells[indicator.id]?.cumulative.value ?? null;
    for (const row of [...out, total]) {
      const cells = row.cells[indicator.id];
      if (!cells) continue;
      const value = share(cells.cumulative.value, whole);
      cells.share = value === null ? emptyCell() : { value, display: formatDecimal(value, RATE_DECIMALS), state: 'computed', editable: false, decimals: RATE_DECIMALS };
    }
  }
  const leaves = reportingLeaves(node);
  const joined = joinedThisYear(db, leaves, year);
  return {
    formId,
    unitId,
    period,
    monthLabel,
    cumulativeLabel: cumLabel,
    timeProgress: formatDecimal(timeProgress(month), RATE_DECIMALS),
    indicators: chosen.map(
      (i): ComparisonIndicator => ({ indicatorId: i.id, code: i.code, name: i.name, unit: i.unit, kind: i.kind, decimals: i.decimals }),
    ),
    rows: out,
    total,
    notes: [...scopeNotes(node, leaves, joined, period), ...mismatchNotes],
  };
}

/** Ranks sibling rows by each indicator's 累计 (largest first; equal figures share a rank, 1, 1, 3). */
function rankSiblings(rows: ComparisonRow[], indicators: readonly Indicator[]): void {
  for (const indicator of indicators) {
    const ranked = rows
      .map((row) => ({ row, value: row.cells[indicator.id]?.cumulative.value ?? null }))
      .filter((r): r is { row: ComparisonRow; value: string } => r.value !== null)
      .sort((a, b) => compareDecimals(b.value, a.value));
    ranked.forEach((r, index) => {
      const previous = ranked[index - 1];
      const cells = r.row.cells[indicator.id];
      if (!cells) return;
      cells.rank = previous && compareDecimals(previous.value, r.value) === 0 ? (previous.row.cells[indicator.id]?.rank ?? index + 1) : index + 1;
    });
  }
  for (const row of rows) row.siblings = rows.length;
}

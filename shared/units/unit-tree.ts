import { type ReportingUnit } from '../domain/catalog.js';

/**
 * The reporting-unit tree (县 → 园区/乡镇 → 片区…) as it stands in one period: which units are in
 * use, which are consolidated from their subordinates (汇总) and which report their own figures.
 * Periods are `YYYY-MM` and compare as text.
 */

/** True when `unit` is in use in `period`: joined by then and not yet retired. */
export function isUnitActive(unit: Pick<ReportingUnit, 'joinedPeriod' | 'retiredPeriod'>, period: string): boolean {
  return (unit.joinedPeriod === null || unit.joinedPeriod <= period) && (unit.retiredPeriod === null || unit.retiredPeriod > period);
}

/** A unit of the tree in one period, with its depth below the node the tree was taken from. */
export interface UnitTreeNode {
  unit: ReportingUnit;
  /** 0 for the node itself, 1 for its direct subordinates, … */
  depth: number;
  /** Units in use under it in the period: its figures are their 汇总. */
  children: UnitTreeNode[];
}

/**
 * The subtree of `rootId` in `period`, units in use only, children in the list's order (the
 * list of `listUnits` is in tree order). `null` when the root is unknown or not in use then.
 */
export function unitSubtree(units: readonly ReportingUnit[], rootId: number, period: string): UnitTreeNode | null {
  const root = units.find((u) => u.id === rootId);
  if (!root || !isUnitActive(root, period)) return null;
  const build = (unit: ReportingUnit, depth: number): UnitTreeNode => ({
    unit,
    depth,
    children: units.filter((u) => u.parentId === unit.id && isUnitActive(u, period)).map((u) => build(u, depth + 1)),
  });
  return build(root, 0);
}

/** The nodes of a subtree, parents before children (the node itself first). */
export function flattenTree(node: UnitTreeNode): UnitTreeNode[] {
  return [node, ...node.children.flatMap(flattenTree)];
}

/**
 * The units whose own figures make up the 汇总 of `node`: the node itself when nothing in use
 * is under it, else the leaves below it. A node with subordinates never adds its own typed
 * figures to its total (they are what the audit compares the total with).
 */
export function reportingLeaves(node: UnitTreeNode): ReportingUnit[] {
  return node.children.length === 0 ? [node.unit] : node.children.flatMap(reportingLeaves);
}

/** A unit and every unit under it, whatever their periods (ledgers keep retired units' entries too). */
export function unitAndBelow(units: readonly ReportingUnit[], unitId: number): number[] {
  const ids = [unitId];
  for (let i = 0; i < ids.length; i++) for (const u of units) if (u.parentId === ids[i]) ids.push(u.id);
  return ids;
}

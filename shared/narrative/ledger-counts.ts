import { type Project, LARGE_PROJECT_THRESHOLD, reachedIn } from '../ledger/project-ledger.js';
import { type Enterprise, rosterCounts } from '../roster/roster-table.js';
import { type DecimalString, addDecimals, compareDecimals, parsePeriod } from '../stats/index.js';

/**
 * The ledger counts a 工作总结 paragraph may speak of (seed 000: "国家高新技术企业100家，认定雏鹰企业
 * 121家…"; 三个一批: 新签约 / 新开工 / 竣工投产 projects), counted from the 项目台账 and 企业名录
 * entries of a unit and the units under it. `null` when that ledger holds no entry there: the
 * paragraph then says nothing of it (never "0个").
 */
export interface LedgerCounts {
  projects: ProjectCounts | null;
  enterprises: EnterpriseCounts | null;
}

/** Projects that reached a stage in months 1..N of the period's year (本年以来). */
export interface ProjectCounts {
  /** 新签约项目: reached 签约 this year up to the period. */
  signed: number;
  /** Their 协议总投资 (万元). */
  signedInvestment: DecimalString;
  /** 新签约亿元以上项目: signed this year with 总投资 ≥ 1亿元. */
  signedLarge: number;
  /** 新开工项目: reached 开工 this year up to the period. */
  started: number;
  /** 竣工投产项目: reached 竣工投产 this year up to the period. */
  completed: number;
}

/** Enterprises holding each designation at the end of the period (held designations only). */
export interface EnterpriseCounts {
  byDesignation: Array<{ designation: string; count: number }>;
}

/** True when `change` (`YYYY-MM` or null) falls in months 1..N of the period's year. */
function thisYearUpTo(change: string | null, period: string): boolean {
  return change !== null && change.startsWith(`${parsePeriod(period).year}-`) && change <= period;
}

/** The counts of the projects (one node's entries) for the year up to `period` (`YYYY-MM`); null when there are none. */
export function projectCounts(projects: readonly Project[], period: string): ProjectCounts | null {
  if (projects.length === 0) return null;
  const signed = projects.filter((p) => thisYearUpTo(reachedIn(p.statusHistory, '签约'), period));
  return {
    signed: signed.length,
    signedInvestment: addDecimals(signed.map((p) => p.totalInvestment)) ?? '0',
    signedLarge: signed.filter((p) => compareDecimals(p.totalInvestment, LARGE_PROJECT_THRESHOLD) >= 0).length,
    started: projects.filter((p) => thisYearUpTo(reachedIn(p.statusHistory, '开工'), period)).length,
    completed: projects.filter((p) => thisYearUpTo(reachedIn(p.statusHistory, '竣工投产'), period)).length,
  };
}

/** The designation counts of the enterprises (one node's entries) at the end of `period`; null when there are none. */
export function enterpriseCounts(enterprises: readonly Enterprise[], period: string): EnterpriseCounts | null {
  if (enterprises.length === 0) return null;
  return { byDesignation: rosterCounts(enterprises, period).byDesignation };
}

/** How a designation reads in a paragraph when it differs from its name in the 企业名录. */
export const DESIGNATION_WORDING: Readonly<Record<string, string>> = { 高新技术企业: '国家高新技术企业' };

/** An indicator's name without the count word that ends it: "新签约项目个数" → "新签约项目". */
function countedThing(indicatorName: string): string {
  return indicatorName.replace(/（[^）]*）$/u, '').replace(/(个数|数)$/u, '');
}

/**
 * The ledger counts that indicators of the paragraph already state, recognised by name: a form
 * may type "新签约项目个数" or "国家高新技术企业数" rather than feed it from the ledger, and the
 * paragraph must then say each count once (the form's figure, with its 同比), not again in the
 * ledger sentence.
 */
export function countsStatedBy(indicatorNames: readonly string[]): { signed: boolean; designation: (designation: string) => boolean } {
  const things = new Set(indicatorNames.map(countedThing));
  return {
    signed: things.has('新签约项目'),
    designation: (designation) => things.has(designation) || things.has(DESIGNATION_WORDING[designation] ?? designation),
  };
}

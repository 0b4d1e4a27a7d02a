import { type DecimalString, addDecimals, compareDecimals, completionRate, formatPeriod, parsePeriod } from '../stats/index.js';

/**
 * 项目台账 (project ledger) arithmetic: a project's 状态 in any month from its status history,
 * its investment figures (本月完成投资 → 本年累计 and 开工以来累计, 完成率 against 总投资 and
 * against the 年度计划), and the counts and sums that feed indicators (projects signed in a month
 * and their 协议总投资, projects per 状态 at month end, 亿元以上 projects). Amounts in 万元, exact.
 */

/** The 状态 a project goes through, in order; 终止 ends it at any point. */
export const PROJECT_STATUSES = ['在谈', '签约', '开工', '在建', '竣工投产', '终止'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** One change of 状态, in the month (`YYYY-MM`) it happened. */
export interface StatusChange {
  status: ProjectStatus;
  period: string;
}

/** A project of the ledger with its history and amounts. */
export interface Project {
  id: number;
  name: string;
  unitId: number;
  /** 产业 / 基础设施 / 社会事业 … */
  category: string;
  /** 总投资 (万元). */
  totalInvestment: DecimalString;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** 形象进度. */
  progressText: string;
  /** 包联领导. */
  leader: string;
  statusHistory: StatusChange[];
  /** 年度计划投资 by year (`YYYY` → 万元). */
  annualPlans: Record<string, DecimalString>;
  /** 本月完成投资 by month (`YYYY-MM` → 万元). */
  monthlyInvestment: Record<string, DecimalString>;
}

/** 亿元以上项目: 总投资 of 1亿元 (10000万元) or more. */
export const LARGE_PROJECT_THRESHOLD: DecimalString = '10000';

/** The project's 状态 at the end of `period` (`YYYY-MM`): its latest change up to then, or null before the first. */
export function statusAt(history: readonly StatusChange[], period: string): ProjectStatus | null {
  let current: StatusChange | null = null;
  for (const change of history) {
    if (change.period > period) continue;
    // Later months win; within a month the later stage of the order wins (签约 and 开工 in one month → 开工).
    if (current === null || change.period > current.period || (change.period === current.period && PROJECT_STATUSES.indexOf(change.status) > PROJECT_STATUSES.indexOf(current.status))) {
      current = change;
    }
  }
  return current?.status ?? null;
}

/** The month a project first reached `status`, or null. */
export function reachedIn(history: readonly StatusChange[], status: ProjectStatus): string | null {
  const months = history.filter((c) => c.status === status).map((c) => c.period);
  return months.length === 0 ? null : months.reduce((a, b) => (a < b ? a : b));
}

/** A project's investment figures for a month. */
export interface ProjectFigures {
  status: ProjectStatus | null;
  /** 本月完成投资. */
  month: DecimalString | null;
  /** 本年累计完成投资 (1-N月). */
  yearToDate: DecimalString | null;
  /** 开工以来累计完成投资 (every month up to this one). */
  sinceStart: DecimalString | null;
  /** 年度计划投资 of the year. */
  annualPlan: DecimalString | null;
  /** 本年累计 / 年度计划 × 100. */
  planCompletion: DecimalString | null;
  /** 开工以来累计 / 总投资 × 100. */
  totalCompletion: DecimalString | null;
}

/**
 * A project's figures for `period` (`YYYY-MM`): months without a typed 本月完成投资 count as no
 * investment (a project reports the months it works in; a ledger is not a monthly return).
 */
export function projectFigures(project: Project, period: string): ProjectFigures {
  const { year } = parsePeriod(period);
  const months = Object.entries(project.monthlyInvestment).filter(([p]) => p <= period);
  const yearToDate = addDecimals(months.filter(([p]) => p.startsWith(`${year}-`)).map(([, v]) => v));
  const sinceStart = addDecimals(months.map(([, v]) => v));
  const annualPlan = project.annualPlans[String(year)] ?? null;
  return {
    status: statusAt(project.statusHistory, period),
    month: project.monthlyInvestment[period] ?? null,
    yearToDate,
    sinceStart,
    annualPlan,
    planCompletion: completionRate(yearToDate, annualPlan),
    totalCompletion: completionRate(sinceStart, project.totalInvestment),
  };
}

/**
 * What the ledger can feed into an indicator for a month:
 * - `status:<状态>` — projects in that 状态 at month end (a stock);
 * - `large` — 亿元以上 projects under way (签约 to 在建) at month end (a stock);
 * - `signed` / `signedInvestment` — projects signed in the month and their 协议总投资 (flows);
 * - `investment` — 本月完成投资 of all projects (a flow).
 */
export type ProjectSource = `status:${ProjectStatus}` | 'large' | 'signed' | 'signedInvestment' | 'investment';

/** The sources and whether each is a flow (summed over months) or a stock (month-end). */
export const PROJECT_SOURCES: ReadonlyArray<{ source: ProjectSource; label: string; kind: 'flow' | 'stock' }> = [
  { source: 'signed', label: '本月新签约项目个数', kind: 'flow' },
  { source: 'signedInvestment', label: '本月新签约项目协议总投资', kind: 'flow' },
  { source: 'investment', label: '本月完成投资', kind: 'flow' },
  { source: 'large', label: '亿元以上在建项目个数（签约至在建）', kind: 'stock' },
  ...PROJECT_STATUSES.map((status) => ({ source: `status:${status}` as const, label: `“${status}”项目个数`, kind: 'stock' as const })),
];

const UNDER_WAY: ReadonlySet<ProjectStatus> = new Set<ProjectStatus>(['签约', '开工', '在建']);

/** The figure of a source for a set of projects in one month (`YYYY-MM`), as a decimal string. */
export function projectSourceValue(projects: readonly Project[], source: ProjectSource, period: string): DecimalString {
  switch (source) {
    case 'signed':
      return String(projects.filter((p) => reachedIn(p.statusHistory, '签约') === period).length);
    case 'signedInvestment':
      return addDecimals(projects.filter((p) => reachedIn(p.statusHistory, '签约') === period).map((p) => p.totalInvestment)) ?? '0';
    case 'investment':
      return addDecimals(projects.map((p) => p.monthlyInvestment[period] ?? null)) ?? '0';
    case 'large':
      return String(
        projects.filter((p) => {
          const status = statusAt(p.statusHistory, period);
          return status !== null && UNDER_WAY.has(status) && compareDecimals(p.totalInvestment, LARGE_PROJECT_THRESHOLD) >= 0;
        }).length,
      );
    default: {
      const wanted = source.slice('status:'.length);
      return String(projects.filter((p) => statusAt(p.statusHistory, period) === wanted).length);
    }
  }
}

/** Every month of the years `fromYear`..`toYear`. */
export function monthsOf(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let y = fromYear; y <= toYear; y++) for (let m = 1; m <= 12; m++) out.push(formatPeriod(y, m));
  return out;
}

import { type Database } from 'better-sqlite3';
import { type ProjectStatus } from '../../../shared/ledger/project-ledger.js';
import { formatPeriod, splitByWeights } from '../../../shared/stats/index.js';
import { saveProject, setProjectAmount, setProjectStatus } from '../projects/project-repo.js';

/** The seed park's three clusters (seed 000: 高端装备制造、新一代信息技术、现代服务业). */
const CLUSTERS = ['高端装备制造', '新一代信息技术', '现代服务业'] as const;

/** Illustrative 总投资 (万元) of the n-th project: a few 亿元以上 projects among smaller ones. */
function totalInvestment(n: number): string {
  return String([28000, 6500, 12000, 3800, 9000, 15600, 4200, 7300][n % 8]);
}

/**
 * The projects of a unit as the 三个一批 ledger shows them (seed 000: 洽谈储备一批、签约落地一批、
 * 开工建设一批、竣工投产一批): `signed` gives, per month of 2022 and 2023, how many projects were
 * signed then (for 京滨工业园 exactly the 新签约项目个数 its form shows, so ledger and form agree);
 * `talks` projects are still 在谈 (seed 000: 重点在谈项目64个).
 *
 * A project signed in month S starts work (开工) three months later, is 在建 the month after, and
 * projects signed in 2022 up to June went into production (竣工投产) in 2023-09; every project under
 * way invests from 开工 on, its 2023 plan spread by month. Everything beyond the counts is illustrative.
 */
export function addDemoProjects(db: Database, unitId: number, unitName: string, signed: ReadonlyMap<string, number>, talks: number): void {
  let n = 0;
  const next = (): { name: string; category: string; total: string } => {
    n += 1;
    const cluster = CLUSTERS[n % CLUSTERS.length] ?? CLUSTERS[0];
    return { name: `${unitName}${cluster}项目${String(n).padStart(2, '0')}`, category: '产业', total: totalInvestment(n) };
  };
  const add = (fields: { name: string; category: string; total: string }, history: [ProjectStatus, string][], plannedStart: string | null): number => {
    const id = saveProject(db, {
      name: fields.name,
      unitId,
      category: fields.category,
      totalInvestment: fields.total,
      plannedStart,
      plannedEnd: null,
      progressText: '',
      leader: '',
    });
    for (const [status, period] of history) setProjectStatus(db, id, status, period);
    return id;
  };

  for (const [period, count] of [...signed].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 0; i < count; i++) {
      const fields = next();
      const [year, month] = period.split('-').map(Number) as [number, number];
      const startIndex = year * 12 + month - 1 + 3;
      const at = (index: number): string => formatPeriod(Math.floor(index / 12), (index % 12) + 1);
      const history: [ProjectStatus, string][] = [
        ['在谈', formatPeriod(year - 1, month)],
        ['签约', period],
      ];
      if (at(startIndex) <= '2023-11') history.push(['开工', at(startIndex)]);
      if (at(startIndex + 1) <= '2023-11') history.push(['在建', at(startIndex + 1)]);
      if (year === 2022 && month <= 6) history.push(['竣工投产', '2023-09']);
      const id = add(fields, history, at(startIndex));
      addInvestment(db, id, fields.total, at(startIndex), year === 2022 && month <= 6 ? '2023-09' : '2023-11');
    }
  }
  for (let i = 0; i < talks; i++) add(next(), [['在谈', formatPeriod(2023, 1 + (i % 11))]], null);
}

/**
 * 本月完成投资 from `from` to `through` (`YYYY-MM`) and the 2023 年度计划投资: a fifth of 总投资 a
 * year, spread evenly over the months of work.
 */
function addInvestment(db: Database, id: number, total: string, from: string, through: string): void {
  const months: string[] = [];
  for (let m = 1; m <= 12; m++) {
    for (const year of [2022, 2023]) {
      const period = formatPeriod(year, m);
      if (period >= from && period <= through) months.push(period);
    }
  }
  months.sort();
  const yearly = splitByWeights(total, [1, 4], 0)[0] ?? '0';
  for (const year of ['2022', '2023']) {
    const inYear = months.filter((p) => p.startsWith(`${year}-`));
    if (inYear.length === 0) continue;
    setProjectAmount(db, id, year, yearly);
    splitByWeights(yearly, inYear.map(() => 1), 1).forEach((value, i) => setProjectAmount(db, id, inYear[i] ?? '', value));
  }
}

import { type Database } from 'better-sqlite3';
import { creditCodeCheckCharacter } from '../../../shared/parse/credit-code.js';
import { type EnterpriseDesignation } from '../../../shared/roster/roster-table.js';
import { formatPeriod } from '../../../shared/stats/index.js';
import { bindRosterSource } from '../roster/roster-feed.js';
import { upsertEnterprise } from '../roster/roster-repo.js';

/**
 * Designation counts of a unit at the end of November 2023 and of November 2022. 京滨工业园's are
 * seed 000's (国家高新技术企业100家, 雏鹰121家, 瞪羚18家, 领军2家); last year's and the other units'
 * are illustrative, kept within ±30% so the demo audits without volatility findings on them.
 */
export interface DemoRosterCounts {
  /** 高新技术企业 per month of 2022 and 2023 (`YYYY-MM` → count), a non-decreasing series. */
  highTech: ReadonlyMap<string, number>;
  /** 雏鹰, 瞪羚, 领军: [November 2023, November 2022]. */
  chuying: readonly [number, number];
  dengling: readonly [number, number];
  lingjun: readonly [number, number];
}

/** The roster-fed indicators the demo form gains after 国家高新技术企业数 (stocks, 家). */
export const DEMO_ROSTER_INDICATORS = [
  { code: 'C02', name: '雏鹰企业数', designation: '雏鹰企业' },
  { code: 'C03', name: '瞪羚企业数', designation: '瞪羚企业' },
  { code: 'C04', name: '领军企业数', designation: '领军企业' },
] as const;

/** 武清区's 行政区划代码, the 3rd–8th characters of the demo enterprises' 统一社会信用代码. */
const REGION = '120114';

/** A valid 统一社会信用代码 (企业, 工商登记) for the demo's n-th enterprise of a unit. */
export function demoCreditCode(unitCode: string, n: number): string {
  const body = `91${REGION}MA0${unitCode}${String(n).padStart(3, '0')}`;
  return `${body}${creditCodeCheckCharacter(body) ?? ''}`;
}

/**
 * The month a designation starts so that `count` enterprises hold it in November 2023 and `prior`
 * in November 2022: the first `prior` since 2021, the rest spread over January–November 2023.
 */
function spreadStarts(count: number, prior: number): string[] {
  return Array.from({ length: count }, (_, i) => (i < prior ? '2021-12' : formatPeriod(2023, 1 + ((i - prior) % 11))));
}

/** The month the k-th (1-based) 高新技术企业 of a series first counts. */
function highTechStart(series: ReadonlyMap<string, number>, k: number): string {
  for (const [period, count] of [...series].sort(([a], [b]) => a.localeCompare(b))) if (count >= k) return period;
  return '2023-11';
}

/**
 * Writes the roster of one unit: its 高新技术企业 (starting in the months that make the monthly
 * count follow `highTech`, the series the form's typed 国家高新技术企业数 shows), 瞪羚 and 领军 held
 * by the first of them, and the 雏鹰 enterprises as further, younger enterprises.
 */
export function addDemoRoster(db: Database, unitId: number, unitCode: string, unitName: string, counts: DemoRosterCounts): void {
  const highTechCount = Math.max(0, ...counts.highTech.values());
  const dengling = spreadStarts(...counts.dengling);
  const lingjun = spreadStarts(...counts.lingjun);
  const chuying = spreadStarts(...counts.chuying);
  const present = ['industryCode', 'scale', '高新技术企业', '雏鹰企业', '瞪羚企业', '领军企业'];
  const add = (n: number, designations: EnterpriseDesignation[], aboveScale: boolean): void => {
    upsertEnterprise(
      db,
      { creditCode: demoCreditCode(unitCode, n), name: `${unitName}示例企业${String(n).padStart(3, '0')}`, unitId, industryCode: n % 2 === 0 ? 'C36' : 'C39', aboveScale, designations },
      present,
    );
  };
  for (let k = 1; k <= highTechCount; k++) {
    const designations: EnterpriseDesignation[] = [{ designation: '高新技术企业', startPeriod: highTechStart(counts.highTech, k), endPeriod: null }];
    const dl = dengling[k - 1];
    if (dl) designations.push({ designation: '瞪羚企业', startPeriod: dl, endPeriod: null });
    const lj = lingjun[k - 1];
    if (lj) designations.push({ designation: '领军企业', startPeriod: lj, endPeriod: null });
    add(k, designations, k % 3 !== 0);
  }
  chuying.forEach((start, i) => add(highTechCount + i + 1, [{ designation: '雏鹰企业', startPeriod: start, endPeriod: null }], false));
}

/**
 * Adds the roster-fed indicators (雏鹰, 瞪羚, 领军企业数) to the form right after 国家高新技术企业数,
 * counted from the roster for any month rather than typed.
 */
export function addDemoRosterIndicators(db: Database): void {
  const after = db.prepare("SELECT fi.form_id AS formId, fi.position FROM form_items fi JOIN indicators i ON i.id = fi.indicator_id WHERE i.code = 'C01'").get() as {
    formId: number;
    position: number;
  };
  db.prepare('UPDATE form_items SET position = position + ? WHERE form_id = ? AND position > ?').run(DEMO_ROSTER_INDICATORS.length, after.formId, after.position);
  const insertIndicator = db.prepare("INSERT INTO indicators (code, name, unit, decimals, kind, entry_basis) VALUES (?, ?, '家', 0, 'stock', 'month')");
  const insertItem = db.prepare('INSERT INTO form_items (form_id, position, indicator_id) VALUES (?, ?, ?)');
  DEMO_ROSTER_INDICATORS.forEach((line, i) => {
    const id = Number(insertIndicator.run(line.code, line.name).lastInsertRowid);
    insertItem.run(after.formId, after.position + i + 1, id);
    bindRosterSource(db, id, line.designation);
  });
}

import { type Database } from 'better-sqlite3';
import { baseFromGrowth, compareDecimals, cumulativeFromMonthly, formatPeriod, roundHalfAway, splitByWeights, subtractDecimal } from '../../../shared/stats/index.js';
import { seedStarterCatalog } from '../workbook/starter-catalog.js';
import { addDemoProjects } from './demo-projects.js';
import { addDemoRoster, addDemoRosterIndicators, type DemoRosterCounts } from './demo-roster.js';
import { DEMO_COUNTY, DEMO_SIBLINGS, addDemoCounty } from './demo-units.js';

/**
 * 2023 figures of 京滨工业园 as published at the end of November
 * (seeds/000: 截至11月底). `growth` is the published 同比% of 1-11月, from which
 * last year's base is derived; figures the article does not give (工业投资,
 * 制造业投资, last year's counts) are illustrative and marked so here.
 */
interface DemoFigure {
  code: string;
  /** 1-11月 cumulative (or, for stocks, the November value), in the indicator's unit. */
  november: string;
  growth: string;
  target?: string;
  /** For a stock: how many fewer per month before November (default 0.8, the seed park's). */
  stockStep?: number;
}

const DEMO_FIGURES: readonly DemoFigure[] = [
  { code: 'A01', november: '863300', growth: '5.94', target: '940000' },
  { code: 'A02', november: '68100', growth: '35.08', target: '70000' },
  { code: 'A0201', november: '52000', growth: '38.0' }, // illustrative
  { code: 'A020101', november: '41000', growth: '44.1' }, // illustrative
  { code: 'A03', november: '41200', growth: '27.74', target: '42000' },
  { code: 'B01', november: '184000', growth: '507' },
  { code: 'B0101', november: '156200', growth: '480' }, // growth illustrative
  { code: 'B02', november: '173400', growth: '12.0', target: '150000' }, // 17.34亿元, 完成率115.6%
  { code: 'B03', november: '17', growth: '21.4' },
  { code: 'C01', november: '100', growth: '17.6' },
  { code: 'D01', november: '475', growth: '10.5' },
  { code: 'D02', november: '2612', growth: '9.7' },
  { code: 'D03', november: '2612', growth: '13.5' },
];

/** Monthly shares of a year's flow (1月 … 12月): a slow start after the Spring Festival, a year-end rush. */
const MONTH_WEIGHTS = [6, 7, 9, 9, 9, 9, 9, 9, 10, 10, 11, 12] as const;

/** A unit's ledgers beyond the form: designation counts (see demo-roster.ts) and projects still 在谈. */
type DemoLedgers = Omit<DemoRosterCounts, 'highTech'> & { talks: number };

/** Seed 000: 雏鹰121家、瞪羚18家、领军2家, 重点在谈项目64个 (last year's counts illustrative). */
const SEED_PARK_LEDGERS: DemoLedgers = { chuying: [121, 100], dengling: [18, 15], lingjun: [2, 2], talks: 64 };

const NO_LEDGERS: DemoLedgers = { chuying: [0, 0], dengling: [0, 0], lingjun: [0, 0], talks: 0 };

/**
 * The county's other parks and townships (illustrative): same indicators, growth within ±30%,
 * 其中 items below their totals in every month of both years.
 */
const SIBLING_FIGURES: Readonly<Record<string, readonly DemoFigure[]>> = {
  '002': [
    { code: 'A01', november: '412000', growth: '8.2', target: '450000' },
    { code: 'A02', november: '45200', growth: '12.5', target: '50000' },
    { code: 'A0201', november: '30100', growth: '10.2' },
    { code: 'A020101', november: '24800', growth: '9.6' },
    { code: 'A03', november: '21500', growth: '9.8', target: '23000' },
    { code: 'B01', november: '96000', growth: '15.6' },
    { code: 'B0101', november: '61200', growth: '18.0' },
    { code: 'B02', november: '52000', growth: '14.0', target: '60000' },
    { code: 'B03', november: '11', growth: '10.0' },
    { code: 'C01', november: '64', growth: '14.3', stockStep: 0.6 },
    { code: 'D01', november: '312', growth: '6.1' },
    { code: 'D02', november: '1406', growth: '5.2' },
    { code: 'D03', november: '1406', growth: '5.2' },
  ],
  '003': [
    { code: 'A01', november: '1265000', growth: '-3.4', target: '1350000' },
    { code: 'A02', november: '88600', growth: '18.3', target: '90000' },
    { code: 'A0201', november: '71300', growth: '20.5' },
    { code: 'A020101', november: '65900', growth: '21.7' },
    { code: 'A03', november: '36800', growth: '5.2', target: '40000' },
    { code: 'B01', november: '120500', growth: '22.0' },
    { code: 'B0101', november: '70400', growth: '19.5' },
    { code: 'B02', november: '45000', growth: '8.0', target: '50000' },
    { code: 'B03', november: '9', growth: '12.5' },
    { code: 'C01', november: '38', growth: '8.6', stockStep: 0.3 },
    { code: 'D01', november: '268', growth: '-4.3' },
    { code: 'D02', november: '1188', growth: '-7.5' },
    { code: 'D03', november: '1152', growth: '-9.0' },
  ],
  '101': [
    { code: 'A01', november: '96500', growth: '4.1' },
    { code: 'A02', november: '12400', growth: '-6.2' },
    { code: 'A0201', november: '5200', growth: '-8.4' },
    { code: 'A020101', november: '4100', growth: '-9.0' },
    { code: 'A03', november: '6300', growth: '3.5' },
    { code: 'B01', november: '18300', growth: '12.1' },
    { code: 'B0101', november: '8100', growth: '10.4' },
    { code: 'B02', november: '6000', growth: '5.0' },
    { code: 'B03', november: '4', growth: '0' },
    { code: 'C01', november: '6', growth: '20.0', stockStep: 0.1 },
    { code: 'D01', november: '145', growth: '8.2' },
    { code: 'D02', november: '520', growth: '9.3' },
    { code: 'D03', november: '520', growth: '9.3' },
  ],
  '102': [
    { code: 'A01', november: '58300', growth: '6.7' },
    { code: 'A02', november: '9800', growth: '7.9' },
    { code: 'A0201', november: '3900', growth: '5.1' },
    { code: 'A020101', november: '2700', growth: '4.4' },
    { code: 'A03', november: '4900', growth: '2.8' },
    { code: 'B01', november: '11600', growth: '-4.5' },
    { code: 'B0101', november: '5200', growth: '-6.0' },
    { code: 'B02', november: '3500', growth: '6.0' },
    { code: 'B03', november: '3', growth: '0' },
    { code: 'C01', november: '4', growth: '0', stockStep: 0 },
    { code: 'D01', november: '120', growth: '3.4' },
    { code: 'D02', november: '430', growth: '2.1' },
    { code: 'D03', november: '418', growth: '1.5' },
  ],
};

const SIBLING_LEDGERS: Readonly<Record<string, DemoLedgers>> = {
  '002': { chuying: [58, 49], dengling: [9, 8], lingjun: [1, 1], talks: 20 },
  '003': { chuying: [27, 23], dengling: [5, 4], lingjun: [1, 1], talks: 12 },
  '101': { chuying: [5, 4], dengling: [0, 0], lingjun: [0, 0], talks: 3 },
  '102': { chuying: [3, 3], dengling: [0, 0], lingjun: [0, 0], talks: 2 },
};

/**
 * The county's own 2023 targets (a node's typed 年度目标 is its target; the townships have none,
 * so without these the 汇总 would show no 完成率). Illustrative.
 */
const COUNTY_TARGETS: ReadonlyArray<[string, string]> = [
  ['A01', '2950000'],
  ['A02', '240000'],
  ['A03', '118000'],
  ['B02', '260000'],
];

/**
 * Splits a 1-11月 amount over January–November by MONTH_WEIGHTS, exactly (the engine's
 * 舍位平衡 makes the parts add up to the published figure), and for a full year continues
 * the pattern into December.
 */
function monthlyParts(november: string, decimals: number, months: 11 | 12): string[] {
  const parts = splitByWeights(roundHalfAway(november, decimals), MONTH_WEIGHTS.slice(0, 11), decimals);
  if (months === 11) return parts;
  const [december] = splitByWeights(november, [MONTH_WEIGHTS[11], MONTH_WEIGHTS.slice(0, 11).reduce((a, b) => a + b, 0)], decimals);
  return [...parts, december ?? '0'];
}

/** Last year's November value of a figure: from the published growth, in the indicator's decimals. */
function lastYearValue(figure: DemoFigure, decimals: number): string {
  return roundHalfAway(baseFromGrowth(figure.november, figure.growth) ?? figure.november, decimals);
}

interface DemoIndicator {
  id: number;
  code: string;
  decimals: number;
  kind: string;
  entry_basis: string;
}

/**
 * A stock's value in month `m` of a year ending (in November) at `november`: it climbs through the
 * year, `step` fewer for each month before November (the seed park's 0.8: one fewer every ~1.25
 * months), and stays at November's value in December.
 */
function stockValue(november: string, m: number, step: number): string {
  const behind = Math.round((11 - Math.min(m, 11)) * step);
  const value = roundHalfAway(subtractDecimal(november, String(behind)), 0);
  return compareDecimals(value, '0') < 0 ? '0' : value;
}

/**
 * Writes a unit's figures: 2023 to November and all of 2022, each month in the indicator's entry
 * basis, and the 2023 targets. Returns every month's value of each stock (code → period → value).
 */
function writeFigures(db: Database, unitId: number, figures: readonly DemoFigure[], indicators: readonly DemoIndicator[], at: string): Map<string, Map<string, string>> {
  const insert = db.prepare('INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const stocks = new Map<string, Map<string, string>>();
  for (const figure of figures) {
    const indicator = indicators.find((i) => i.code === figure.code);
    if (!indicator) continue;
    const years: [number, string, 11 | 12][] = [
      [2023, figure.november, 11],
      [2022, lastYearValue(figure, indicator.decimals), 12],
    ];
    for (const [year, novemberValue, months] of years) {
      if (indicator.kind === 'stock') {
        let series = stocks.get(figure.code);
        if (!series) stocks.set(figure.code, (series = new Map<string, string>()));
        for (let m = 1; m <= months; m += 1) {
          const value = stockValue(novemberValue, m, figure.stockStep ?? 0.8);
          series.set(formatPeriod(year, m), value);
          insert.run(unitId, indicator.id, formatPeriod(year, m), 'month', value, at);
        }
        continue;
      }
      const parts = monthlyParts(novemberValue, indicator.decimals, months);
      const values = indicator.entry_basis === 'cumulative' ? parts.map((_, i) => cumulativeFromMonthly(parts, i + 1) ?? '0') : parts;
      values.forEach((value, i) => insert.run(unitId, indicator.id, formatPeriod(year, i + 1), indicator.entry_basis, value, at));
    }
    if (figure.target) insert.run(unitId, indicator.id, '2023', 'target', figure.target, at);
  }
  return stocks;
}

/** 新签约项目个数 per month of 2022 and 2023 as the form holds them (`YYYY-MM` → count). */
function signedByMonth(figure: DemoFigure): Map<string, number> {
  const signed = new Map<string, number>();
  monthlyParts(figure.november, 0, 11).forEach((v, i) => signed.set(formatPeriod(2023, i + 1), Number(v)));
  monthlyParts(lastYearValue(figure, 0), 0, 12).forEach((v, i) => signed.set(formatPeriod(2022, i + 1), Number(v)));
  return signed;
}

/**
 * Fills a new workbook with the demo: 京滨工业园's 2023 figures to November and 2022's (seed 000),
 * its projects and enterprise roster, and the county around it (see demo-units.ts) with its other
 * parks and townships, so that the county's 汇总 and the unit comparison show at once.
 */
export function seedDemoWorkbook(db: Database): void {
  seedStarterCatalog(db, '京滨工业园');
  const at = new Date().toISOString();
  const unitIds = addDemoCounty(db);
  const indicators = db.prepare('SELECT id, code, decimals, kind, entry_basis FROM indicators').all() as DemoIndicator[];
  const units: [string, string, readonly DemoFigure[], DemoLedgers][] = [
    ['001', '京滨工业园', DEMO_FIGURES, SEED_PARK_LEDGERS],
    ...DEMO_SIBLINGS.map((u): [string, string, readonly DemoFigure[], DemoLedgers] => [u.code, u.name, SIBLING_FIGURES[u.code] ?? [], SIBLING_LEDGERS[u.code] ?? NO_LEDGERS]),
  ];
  for (const [code, name, figures, ledgers] of units) {
    const unitId = unitIds.get(code) ?? 0;
    const stocks = writeFigures(db, unitId, figures, indicators, at);
    const signed = figures.find((f) => f.code === 'B03');
    addDemoProjects(db, unitId, name, signed ? signedByMonth(signed) : new Map(), ledgers.talks);
    addDemoRoster(db, unitId, code, name, { highTech: new Map([...(stocks.get('C01') ?? new Map<string, string>())].map(([p, v]) => [p, Number(v)])), ...ledgers });
  }
  const insertTarget = db.prepare("INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, '2023', 'target', ?, ?)");
  for (const [code, target] of COUNTY_TARGETS) insertTarget.run(unitIds.get(DEMO_COUNTY.code), indicators.find((i) => i.code === code)?.id, target, at);
  addDemoRosterIndicators(db);
  addRectificationRate(db);
}

/**
 * 隐患整改率 as a 比率 defined by 已整改隐患数 / 发现隐患问题数 (seed 000: 整改率100%): recomputed
 * from its components, never typed or averaged, and compared with last year in 百分点.
 */
function addRectificationRate(db: Database): void {
  const idOf = (code: string): number => (db.prepare('SELECT id FROM indicators WHERE code = ?').get(code) as { id: number }).id;
  const rate = Number(
    db
      .prepare("INSERT INTO indicators (code, name, unit, decimals, kind, entry_basis, numerator_id, denominator_id) VALUES ('D04', '隐患整改率', '%', 1, 'ratio', 'month', ?, ?)")
      .run(idOf('D03'), idOf('D02')).lastInsertRowid,
  );
  const form = db.prepare('SELECT form_id, max(position) AS last FROM form_items GROUP BY form_id ORDER BY form_id LIMIT 1').get() as { form_id: number; last: number };
  db.prepare('INSERT INTO form_items (form_id, position, indicator_id) VALUES (?, ?, ?)').run(form.form_id, form.last + 1, rate);
}

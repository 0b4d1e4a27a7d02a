import { type Database } from 'better-sqlite3';
import { baseFromGrowth, formatPeriod, roundHalfAway } from '../../../shared/stats/index.js';
import { seedStarterCatalog } from '../workbook/starter-catalog.js';

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

/**
 * Splits a 1-11月 amount over January–November by MONTH_WEIGHTS, exactly, and
 * (for a full year) continues the pattern into December. Works in integer units
 * of the last decimal place so the parts add up to the published figure.
 */
function monthlyParts(november: string, decimals: number, months: 11 | 12): string[] {
  const scale = 10 ** decimals;
  const units = Math.round(Number(roundHalfAway(november, decimals)) * scale);
  const weights = MONTH_WEIGHTS.slice(0, 11);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((units * w) / weightSum));
  parts[10] = (parts[10] ?? 0) + units - parts.reduce((a, b) => a + b, 0);
  if (months === 12) parts.push(Math.round((units * MONTH_WEIGHTS[11]) / weightSum));
  return parts.map((p) => (p / scale).toFixed(decimals));
}

function cumulate(parts: string[], decimals: number): string[] {
  const scale = 10 ** decimals;
  let sum = 0;
  return parts.map((p) => {
    sum += Math.round(Number(p) * scale);
    return (sum / scale).toFixed(decimals);
  });
}

/** Fills a new workbook with the demo park, its 2023 figures to November and 2022's. */
export function seedDemoWorkbook(db: Database): void {
  seedStarterCatalog(db, '京滨工业园');
  const at = new Date().toISOString();
  const unitId = (db.prepare("SELECT id FROM reporting_units WHERE code = '001'").get() as { id: number }).id;
  const insert = db.prepare('INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const indicators = db.prepare('SELECT id, code, decimals, kind, entry_basis FROM indicators').all() as {
    id: number;
    code: string;
    decimals: number;
    kind: string;
    entry_basis: string;
  }[];

  for (const figure of DEMO_FIGURES) {
    const indicator = indicators.find((i) => i.code === figure.code);
    if (!indicator) continue;
    const lastYearNovember = roundHalfAway(baseFromGrowth(figure.november, figure.growth) ?? figure.november, indicator.decimals);
    const years: [number, string, 11 | 12][] = [
      [2023, figure.november, 11],
      [2022, lastYearNovember, 12],
    ];
    for (const [year, novemberValue, months] of years) {
      if (indicator.kind === 'stock') {
        // A stock climbs through the year to its November value.
        for (let m = 1; m <= months; m += 1) {
          const value = Math.max(0, Math.round(Number(novemberValue) - (11 - Math.min(m, 11)) * 0.8));
          insert.run(unitId, indicator.id, formatPeriod(year, m), 'month', String(value), at);
        }
        continue;
      }
      const parts = monthlyParts(novemberValue, indicator.decimals, months);
      const values = indicator.entry_basis === 'cumulative' ? cumulate(parts, indicator.decimals) : parts;
      values.forEach((value, i) => insert.run(unitId, indicator.id, formatPeriod(year, i + 1), indicator.entry_basis, value, at));
    }
    if (figure.target) insert.run(unitId, indicator.id, '2023', 'target', figure.target, at);
  }
}

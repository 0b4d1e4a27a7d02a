import { type Database } from 'better-sqlite3';
import { baseFromGrowth, compareDecimals, cumulativeFromMonthly, formatPeriod, roundHalfAway, splitByWeights, subtractDecimal } from '../../../shared/stats/index.js';
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
        // A stock climbs through the year to its November value: one fewer every ~1.25 months back.
        for (let m = 1; m <= months; m += 1) {
          const behind = Math.round((11 - Math.min(m, 11)) * 0.8);
          const value = roundHalfAway(subtractDecimal(novemberValue, String(behind)), 0);
          insert.run(unitId, indicator.id, formatPeriod(year, m), 'month', compareDecimals(value, '0') < 0 ? '0' : value, at);
        }
        continue;
      }
      const parts = monthlyParts(novemberValue, indicator.decimals, months);
      const values = indicator.entry_basis === 'cumulative' ? parts.map((_, i) => cumulativeFromMonthly(parts, i + 1) ?? '0') : parts;
      values.forEach((value, i) => insert.run(unitId, indicator.id, formatPeriod(year, i + 1), indicator.entry_basis, value, at));
    }
    if (figure.target) insert.run(unitId, indicator.id, '2023', 'target', figure.target, at);
  }
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

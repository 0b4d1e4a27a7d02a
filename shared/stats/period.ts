/**
 * Monthly reporting periods, written `YYYY-MM` (`"2023-11"` = November 2023). A period names a
 * month; whether a figure for it is 本月 or 1-N月 累计 is the indicator's business, not the period's.
 */

/** Year and month of a period; `month` is 1..12. */
export type YearMonth = { year: number; month: number };

const PERIOD_PATTERN = /^(\d{4})-(\d{2})$/;

/**
 * Throws unless `month` is an integer 1..12 (shared guard for every month-indexed function).
 * @throws RangeError
 */
export function assertMonth(month: number): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Month must be an integer from 1 to 12, got ${month}`);
  }
}

function assertYear(year: number): void {
  // Four digits keeps `YYYY-MM` fixed-width, so periods sort correctly as text in SQLite.
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Year must be a four-digit integer, got ${year}`);
  }
}

/**
 * Parses `"YYYY-MM"` (zero-padded month, e.g. `"2023-11"`) into `{ year: 2023, month: 11 }`.
 * @throws RangeError on any other shape (`"2023-1"`, `"2023/11"`, `"2023-13"`, `" 2023-11"`).
 */
export function parsePeriod(period: string): YearMonth {
  const match = PERIOD_PATTERN.exec(period);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || year < 1000) {
    throw new RangeError(`Not a YYYY-MM period: ${JSON.stringify(period)}`);
  }
  return { year, month };
}

/**
 * Formats a year and month as `"YYYY-MM"`: `formatPeriod(2023, 11)` → `"2023-11"`,
 * `formatPeriod(2024, 2)` → `"2024-02"`.
 * @throws RangeError unless `year` is a four-digit integer and `month` an integer 1..12.
 */
export function formatPeriod(year: number, month: number): string {
  assertYear(year);
  assertMonth(month);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** True when `period` is a well-formed `YYYY-MM` period (the check {@link parsePeriod} makes). */
export function isValidPeriod(period: string): boolean {
  try {
    parsePeriod(period);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `YYYY-MM` period `months` months after `period` (negative goes back):
 * `shiftPeriod("2024-01", -1)` → `"2023-12"`.
 * @throws RangeError on a malformed period, a non-integer shift or a result outside years 1000–9999.
 */
export function shiftPeriod(period: string, months: number): string {
  const { year, month } = parsePeriod(period);
  const shifted = shiftYearMonth(year, month, months);
  return formatPeriod(shifted.year, shifted.month);
}

/**
 * The year and month `months` months after `year`/`month` (negative goes back), for callers that
 * hold numbers rather than a `YYYY-MM` text: `shiftYearMonth(2024, 1, -1)` → `{ year: 2023, month: 12 }`.
 * @throws RangeError on a bad year or month, a non-integer shift or a result outside years 1000–9999.
 */
export function shiftYearMonth(year: number, month: number, months: number): YearMonth {
  assertYear(year);
  assertMonth(month);
  if (!Number.isInteger(months)) throw new RangeError(`Month shift must be an integer, got ${months}`);
  const index = year * 12 + (month - 1) + months;
  const shifted = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  assertYear(shifted.year);
  return shifted;
}

/** The previous month (上期 for 环比): `"2024-01"` → `"2023-12"`. @throws RangeError on a bad period. */
export function previousPeriod(period: string): string {
  return shiftPeriod(period, -1);
}

/** The same month last year (上年同期 for 同比): `"2023-11"` → `"2022-11"`. @throws RangeError on a bad period. */
export function sameMonthLastYear(period: string): string {
  return shiftPeriod(period, -12);
}

/** A month's own name, the 本月 wording: `monthName(3)` → `"3月"`. @throws RangeError unless `month` is an integer 1..12. */
export function monthName(month: number): string {
  assertMonth(month);
  return `${month}月`;
}

/**
 * A year and month as clerks write them: `yearMonthWords(2024, 3)` → `"2024年3月"` (never padded:
 * not "2024年03月").
 * @throws RangeError unless `year` is a four-digit integer and `month` an integer 1..12.
 */
export function yearMonthWords(year: number, month: number): string {
  assertYear(year);
  return `${year}年${monthName(month)}`;
}

const YEAR_PATTERN = /^\d{4}$/;

/**
 * A stored period as clerks write it: `"2024-03"` → `"2024年3月"`, and an annual target's `"2024"`
 * → `"2024年"`.
 * @throws RangeError on anything else (`"2024-3"`, `"2024-13"`, `""`).
 */
export function periodWords(period: string): string {
  if (YEAR_PATTERN.test(period)) {
    const year = Number(period);
    assertYear(year);
    return `${year}年`;
  }
  const { year, month } = parsePeriod(period);
  return yearMonthWords(year, month);
}

/** Options for cumulative-period labels. */
export type CumulativeLabelOptions = {
  /**
   * `true` (default): the customary names 一季度 (1-3月), 上半年 (1-6月), 前三季度 (1-9月),
   * 全年 (1-12月). `false`: uniform `1-N月` labels, which table column headers usually want.
   */
  quarterNames?: boolean;
};

const NAMED_CUMULATIVE_PERIODS: Readonly<Record<number, string>> = {
  3: '一季度',
  6: '上半年',
  9: '前三季度',
  12: '全年',
};

/**
 * Label of the cumulative period January..`month`: 1 → `"1月"`, 2 → `"1-2月"`, 11 → `"1-11月"`,
 * 3/6/9/12 → `"一季度"`/`"上半年"`/`"前三季度"`/`"全年"` (or `"1-3月"` … `"1-12月"` with
 * `quarterNames: false`).
 * @throws RangeError unless `month` is an integer 1..12.
 */
export function cumulativeLabel(month: number, options: CumulativeLabelOptions = {}): string {
  assertMonth(month);
  const named = options.quarterNames ?? true;
  if (named && NAMED_CUMULATIVE_PERIODS[month] !== undefined) return NAMED_CUMULATIVE_PERIODS[month];
  return month === 1 ? monthName(1) : `1-${monthName(month)}`;
}

/** Quarter (1..4) that contains `month` (1..12). @throws RangeError on a bad month. */
export function quarterOfMonth(month: number): 1 | 2 | 3 | 4 {
  assertMonth(month);
  return (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}


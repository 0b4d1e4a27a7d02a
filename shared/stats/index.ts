/**
 * Statistics engine: the bureau's arithmetic and wording on exact decimal strings.
 * Pure TypeScript (no DOM, no Node built-ins); safe to import from main, preload and renderer.
 */
export {
  type DecimalString,
  addDecimals,
  compareDecimals,
  isDecimalString,
  normalizeDecimal,
  roundHalfAway,
  shiftDecimalPoint,
  subtractDecimal,
} from './decimal.js';
export { type MoneyUnit, type Unit, type UnitConversion, convertUnit, unitExponent } from './units.js';
export {
  type CumulativeLabelOptions,
  type YearMonth,
  cumulativeLabel,
  formatPeriod,
  isValidPeriod,
  monthName,
  parsePeriod,
  periodWords,
  previousPeriod,
  quarterOfMonth,
  sameMonthLastYear,
  shiftPeriod,
  shiftYearMonth,
  yearMonthWords,
} from './period.js';
export {
  type FirstReturnMonth,
  type FlowIdentityCheck,
  type FlowYear,
  type SeriesFigure,
  checkFlowIdentity,
  deriveFlowYear,
  missingMonthRemark,
  cumulativeFromMonthly,
  hasReturn,
  monthlyFromCumulative,
  monthlyLabel,
  monthlySeriesFromCumulative,
  previousReturnMonth,
} from './cumulative.js';
export {
  type RatioComponents,
  type TimeAggregation,
  aggregateMonths,
  aggregateOverTime,
  aggregateRatio,
  quarterValue,
  yearValue,
} from './aggregate.js';
export {
  type BaseKind,
  type GrowthResult,
  type MultipleWording,
  type YearAgoBase,
  baseFromGrowth,
  chooseBase,
  contribution,
  growthPercentFromMultiple,
  growthRate,
  percentagePointChange,
  share,
  twoYearAverageFromRates,
  twoYearAverageGrowth,
  yearOnYearGrowth,
} from './growth.js';
export { completionRate, timeProgress, timeProgressGap } from './targets.js';
export { type Projection, type ProjectionInput, type ProjectionMethod, projectFullYear } from './projection.js';
export { type RoundingBalance, balanceRounding, splitByWeights } from './rounding-balance.js';
export { type FormatDecimalOptions, type GrowthWord, formatDecimal, growthWord } from './format.js';
export {
  type FormatGrowthOptions,
  type GrowthDisplayMode,
  formatGrowth,
  formatGrowthRateChange,
  formatPointChange,
  formatTimeProgressGap,
  formatTimesOfBase,
  toSignedPoints,
} from './growth-format.js';

/** A row label reduced to what identifies the indicator, plus what the decorations said. */
export interface NormalizedLabel {
  /** Comparable text: half-width, no whitespace, no numbering, no 其中, no trailing unit. */
  text: string;
  /** True when the label was a 其中 (sub-item) line. */
  subItem: boolean;
  /** Unit written in trailing brackets, e.g. "（万元）" → '万元'. */
  unit: string | null;
}

// Numbering a form puts before labels: "1、" "1." "(1)" "1)" "一、" "（一）" "①". A bare Chinese
// numeral needs its delimiter, or "一般公共预算收入" would lose its first character.
const NUMBERING = /^(?:\d{1,3}(?:\.\d{1,3})+\s+|\(\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*\)|(?:\d{1,3}(?:\.\d{1,3})*|[一二三四五六七八九十]{1,3})\s*[、.,)]|[\u2460-\u2473\u2474-\u2487\u2776-\u277f])\s*/u;
const SUB_ITEM = /^其中\s*[:,]?\s*/u;
const TRAILING_UNIT = /\(\s*(?:(?:计量)?单位\s*:?\s*)?([^()]{1,8})\s*\)$/u;

/**
 * A measurement unit as forms write it: "万元", "%", "家", "万千瓦时", "人次", "万元、%". The whole
 * bracket text must be units, so qualifiers that belong to an official name — "（不含农户）"
 * (户), "（当年价格）", "（现价）" — are matched as part of the name, never taken for a unit.
 */
export const UNIT_TOKEN = /^(?:[千万亿]*(?:元|美元|吨|千瓦时|瓦时|平方米|立方米|人次|家次|户次|人|户|家|个|条|座|亩|公顷|公里|米|辆|件|套|台|项|次|标准箱|吨标准煤)|%|‰|百分点)$/u;

/** True when `text` consists only of units separated by 、/,/; ("万元、%"). */
export function isUnitText(text: string): boolean {
  const parts = text.split(/[、,;/]/u).map((p) => p.trim());
  return parts.length > 0 && parts.every((p) => UNIT_TOKEN.test(p));
}

/** Abbreviations county forms use interchangeably with the full names (folded both ways). */
const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/规模以上/gu, '规上'],
  [/限额以上/gu, '限上'],
  [/固定资产投资/gu, '固投'],
];

/**
 * Normalises a row label or indicator name for matching: full-width to half-width (NFKC),
 * numbering ("1、", "（一）", "①") and "其中：" removed, whitespace removed, a trailing unit in
 * brackets taken off into `unit`, common abbreviations (规模以上 → 规上) folded, letters lower-cased.
 * "1、规模以上工业总产值（万元）" → { text: '规上工业总产值', subItem: false, unit: '万元' }.
 */
export function normalizeLabel(label: string): NormalizedLabel {
  // Circled digits become plain digits under NFKC ("①" → "1"), so they are removed first.
  let text = label.trim().replace(/^[\u2460-\u2473\u2776-\u277f]\s*/u, '').normalize('NFKC').trim();
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(NUMBERING, '');
  }
  const subItem = SUB_ITEM.test(text);
  text = text.replace(SUB_ITEM, '');
  let unit: string | null = null;
  const unitMatch = TRAILING_UNIT.exec(text);
  if (unitMatch?.[1] !== undefined && isUnitText(unitMatch[1].trim())) {
    unit = unitMatch[1].trim();
    text = text.slice(0, unitMatch.index);
  }
  text = text.replace(/\s+/gu, '').replace(/[:：]+$/u, '');
  for (const [pattern, short] of ABBREVIATIONS) text = text.replace(pattern, short);
  return { text: text.toLowerCase(), subItem, unit };
}

import { parsePeriod } from '../stats/period.js';

const RANGE = /(\d{4})(\s*年\s*)(\d{1,2})(\s*[-—–~～至到]\s*)(\d{1,2})(\s*月)/gu;
const SINGLE = /(\d{4})(\s*年\s*)(\d{1,2})(\s*月)/gu;

/**
 * The text of a template's title or period line with the period it shows moved to `period`
 * (`YYYY-MM`): "2023年1-11月招商引资到位情况" → "2023年1-10月…" for 2023-10, "2023年11月" →
 * "2023年10月". A range keeps its first month (1-2月 forms start at 2) unless that lies after the
 * new month; a zero-padded month stays padded. Returns null when the text shows no period (it
 * is then left as it is).
 */
export function rewritePeriodText(text: string, period: string): string | null {
  const { year, month } = parsePeriod(period);
  const pad = (original: string, value: number): string => (original.length === 2 && original.startsWith('0') ? String(value).padStart(2, '0') : String(value));
  let found = false;
  const ranged = text.replace(RANGE, (_all, _y: string, nian: string, from: string, dash: string, to: string, yue: string) => {
    found = true;
    const start = Number(from) <= month ? from : '1';
    return `${year}${nian}${start}${dash}${pad(to, month)}${yue}`;
  });
  // Single months only where no range was rewritten ("2023年1-11月" already holds "2023年1").
  const result = found
    ? ranged
    : ranged.replace(SINGLE, (_all, _y: string, nian: string, m: string, yue: string) => {
        found = true;
        return `${year}${nian}${pad(m, month)}${yue}`;
      });
  return found ? result : null;
}

import { type TemplateFigure } from './template-binding.js';

/** What a column header says about the figure below it. */
export interface FigureHeaderMatch {
  figure: TemplateFigure;
  /** 0–1; 1 for an unmistakable header such as "本月" or "上年同期". */
  confidence: number;
  /** Chinese explanation for the mapping screen. */
  reason: string;
  /** Months the header names, e.g. "1-11月" → { from: 1, to: 11 }; null when it names none. */
  months: { from: number; to: number } | null;
}

const NAMED_PERIODS: ReadonlyArray<readonly [RegExp, number]> = [
  [/一季度|第一季度/u, 3],
  [/上半年/u, 6],
  [/前三季度/u, 9],
  [/全年/u, 12],
];

interface Rule {
  figure: TemplateFigure;
  pattern: RegExp;
  confidence: number;
  reason: string;
}

// Order matters: "完成进度%" is completion, not growth; "比上年同期增长%" is growth, not 上年同期;
// "上年同期累计" is 上年同期, not 累计.
const RULES: readonly Rule[] = [
  { figure: 'note', pattern: /备注|说明/u, confidence: 1, reason: '备注列' },
  { figure: 'completion', pattern: /完成(?:进度|率|比例|比重)|进度|占(?:年度)?目标/u, confidence: 0.95, reason: '完成进度列' },
  { figure: 'growth', pattern: /增长|增速|增减|同比|±|幅度|比上年/u, confidence: 0.95, reason: '同比增长列' },
  { figure: 'target', pattern: /目标|计划|任务/u, confidence: 0.9, reason: '年度目标列' },
  { figure: 'prior_cumulative', pattern: /上年同期|去年同期|上年|去年/u, confidence: 0.95, reason: '上年同期列' },
  { figure: 'cumulative', pattern: /累计|\d{1,2}[-~至到]\d{1,2}月|截[至止]|本年|季度|上半年|全年/u, confidence: 0.95, reason: '累计列' },
  { figure: 'month', pattern: /本月|当月|^\d{1,2}月(?:份)?$/u, confidence: 0.95, reason: '本月列' },
  { figure: 'growth', pattern: /^%$/u, confidence: 0.6, reason: '只有“%”，按同比增长列处理' },
];

/**
 * Recognises the figure a column header stands for: "本月"/"当月" → month; "1-11月", "本年累计",
 * "累计", "截至11月底", "一季度", "上半年" → cumulative; "上年同期" → prior_cumulative;
 * "增长%", "同比±%", "增速", "比上年同期增长" → growth; "年度目标"/"全年计划" → target;
 * "完成进度"/"完成率" → completion; "备注" → note. Full-width characters and spaces are ignored.
 * Returns null for headers that name no figure ("指标名称", "单位", "序号").
 */
export function matchFigureHeader(header: string): FigureHeaderMatch | null {
  const text = header.normalize('NFKC').replace(/\s+/gu, '').replace(/[—–－]/gu, '-');
  if (text === '') return null;
  const rule = RULES.find((r) => r.pattern.test(text));
  return rule === undefined ? null : { figure: rule.figure, confidence: rule.confidence, reason: rule.reason, months: monthsOf(text) };
}

function monthsOf(text: string): FigureHeaderMatch['months'] {
  const range = /(\d{1,2})[-~至到](\d{1,2})月/u.exec(text);
  if (range?.[1] !== undefined && range[2] !== undefined) return { from: Number(range[1]), to: Number(range[2]) };
  const until = /截[至止](\d{1,2})月/u.exec(text);
  if (until?.[1] !== undefined) return { from: 1, to: Number(until[1]) };
  for (const [pattern, to] of NAMED_PERIODS) if (pattern.test(text)) return { from: 1, to };
  const single = /^(?:本年)?(\d{1,2})月/u.exec(text);
  return single?.[1] !== undefined ? { from: Number(single[1]), to: Number(single[1]) } : null;
}

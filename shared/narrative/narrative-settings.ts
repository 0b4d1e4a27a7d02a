/**
 * Settings of the 工作总结 paragraph: wording style, decimals and the editable sentence templates.
 * Saved per workbook; a workbook that never saved any uses {@link DEFAULT_NARRATIVE_SETTINGS}.
 */

/**
 * How the period opens the paragraph, for month N:
 * - `range`: `1-N月` (`1-9月`, `1-11月`), the bureau's usual heading;
 * - `named`: 一季度 / 上半年 / 前三季度 / 全年 at quarter ends, else `1-N月`;
 * - `month-end`: `截至N月底` (seed 000: 截至11月底).
 */
export type PeriodStyle = 'range' | 'named' | 'month-end';

/**
 * Sentence templates. Placeholders in braces are filled from the workbook's figures; a part in
 * square brackets is optional and left out whole when any placeholder inside it has no figure
 * (brackets nest). A placeholder outside brackets with no figure drops the indicator's sentence.
 * An indicator whose template keeps no figure at all (only names) is left out.
 *
 * Placeholders: {名称} indicator name · {单位} reporting unit · {前缀} period (1-11月 / 截至11月底 …)
 * · {数值} period figure with unit (86.33亿元) · {增速} 同比 wording (增长5.9% / 下降2.6% / 与上年持平
 * / 增长16.8倍 / 扭亏为盈… ; for a 比率: 提高4.8个百分点) · {上期} previous period (1-10月) ·
 * {增速变化} against the previous period's growth (加快2.1个百分点 / 回落… / 由降转增) · {完成率}
 * 年度目标完成率 (115.6%) · {时间进度} (超时间进度23.9个百分点) · {上级名称} parent of a 其中 item ·
 * {占比} share of the parent (41.9%) · {预计全年} projection with unit · {推算方法} its method
 * (按时间进度 / 按上年同期进度 / 按目标) · {预计增速} projection against last year's 全年 · {其中} the
 * sentences of its 其中 items, joined by "，" (appended at the end when a template has no {其中}).
 */
export interface NarrativeTemplates {
  /** The whole paragraph; {正文} is the indicators' sentences joined by `separator`. */
  paragraph: string;
  /** Between two indicators' sentences. */
  separator: string;
  /** 流量 (产值, 投资, 收入 …). */
  flow: string;
  /** 存量 (企业个数 …). */
  stock: string;
  /** 比率 (整改率 …): compared in 百分点. */
  ratio: string;
  /** A 其中 item, appended to its parent's sentence after "，". */
  child: string;
}

/** Settings of the paragraph generator (see {@link NarrativeTemplates} for the template syntax). */
export interface NarrativeSettings {
  periodStyle: PeriodStyle;
  /** Decimals of growth rates, shares and 百分点 (NBS: 1; seed 000 uses 2). */
  rateDecimals: number;
  /** Show amounts in 元/万元 of at least 1亿元 in 亿元 (863300万元 → 86.33亿元). */
  largeAmounts: boolean;
  /** Decimals of amounts shown in 亿元 (county texts: 2). Other amounts keep the indicator's decimals. */
  largeAmountDecimals: number;
  /** Drop trailing zeros (34.00亿元 → 34亿元, 2.0% → 2%), as many county texts print them. */
  trimZeros: boolean;
  templates: NarrativeTemplates;
  /** A template for one indicator by its code (replaces its kind's template), e.g. seed 000's wording. */
  overrides: Record<string, string>;
}

/** The templates a workbook starts with: the seeds' phrasing. */
export const DEFAULT_NARRATIVE_TEMPLATES: Readonly<NarrativeTemplates> = {
  paragraph: '[{前缀}，]{单位}{正文}。',
  separator: '；',
  flow: '{名称}[完成{数值}][，同比{增速}][，增速比{上期}{增速变化}][，{其中}][，年度目标完成率{完成率}][，{时间进度}][，预计全年完成{预计全年}（{推算方法}推算）[，同比{预计增速}]]',
  stock: '{名称}[{数值}][，同比{增速}][，{其中}]',
  ratio: '{名称}[为{数值}][，比上年同期{增速}][，{其中}]',
  child: '其中{名称}[完成{数值}][，同比{增速}][，占{上级名称}比重为{占比}]',
};

/** Settings of a workbook that never saved its own. */
export const DEFAULT_NARRATIVE_SETTINGS: Readonly<NarrativeSettings> = {
  periodStyle: 'range',
  rateDecimals: 1,
  largeAmounts: true,
  largeAmountDecimals: 2,
  trimZeros: false,
  templates: DEFAULT_NARRATIVE_TEMPLATES,
  overrides: {},
};

/** Chinese names of the period styles, for the settings panel. */
export const PERIOD_STYLE_LABELS: Readonly<Record<PeriodStyle, string>> = {
  range: '1-N月（1-11月）',
  named: '季度名称（上半年、前三季度）',
  'month-end': '截至N月底',
};

import { PROJECTION_METHOD_LABELS } from '../domain/catalog.js';
import {
  type DecimalString,
  compareDecimals,
  convertUnit,
  cumulativeLabel,
  formatDecimal,
  formatGrowth,
  formatGrowthRateChange,
  formatPointChange,
  formatTimeProgressGap,
  parsePeriod,
  roundHalfAway,
} from '../stats/index.js';
import { DESIGNATION_WORDING, type LedgerCounts } from './ledger-counts.js';
import { type NarrativeFigure, type NarrativeGrowth, type NarrativeModel } from './narrative-model.js';
import { type NarrativeSettings, type NarrativeTemplates, type PeriodStyle } from './narrative-settings.js';
import { type SentenceTemplate, fillTemplate, parseTemplate, usesSlot } from './sentence-template.js';

/** Slots that carry a figure: a sentence that fills none of them says nothing and is left out. */
const FIGURE_SLOTS = new Set(['其中', '数值', '增速', '增速变化', '完成率', '时间进度', '占比', '预计全年', '预计增速']);
/** Slots an indicator's template may use. */
export const SENTENCE_SLOTS: ReadonlySet<string> = new Set([...FIGURE_SLOTS, '名称', '单位', '前缀', '上期', '上级名称', '推算方法']);
/** Slots the paragraph template may use. */
export const PARAGRAPH_SLOTS: ReadonlySet<string> = new Set(['前缀', '单位', '正文']);

/**
 * The period as a paragraph opens with it, for month N (1..12) of a cumulative flow:
 * `range` → `1-11月` (`1-2月`, `1月`), `named` → 上半年 / 前三季度 … at quarter ends,
 * `month-end` → `截至11月底`.
 * @throws RangeError on a bad month.
 */
export function periodPrefix(month: number, style: PeriodStyle): string {
  const label = cumulativeLabel(month, { quarterNames: style === 'named' });
  return style === 'month-end' ? `截至${month}月底` : label;
}

/** Every template of `settings` parsed; throws (Chinese message) on the first one that cannot be used. */
export function parseNarrativeTemplates(settings: Pick<NarrativeSettings, 'templates' | 'overrides'>): {
  paragraph: SentenceTemplate;
  kinds: Record<'flow' | 'stock' | 'ratio' | 'child', SentenceTemplate>;
  overrides: Map<string, SentenceTemplate>;
} {
  const t: NarrativeTemplates = settings.templates;
  return {
    paragraph: parseTemplate(t.paragraph, PARAGRAPH_SLOTS),
    kinds: {
      flow: parseTemplate(t.flow, SENTENCE_SLOTS),
      stock: parseTemplate(t.stock, SENTENCE_SLOTS),
      ratio: parseTemplate(t.ratio, SENTENCE_SLOTS),
      child: parseTemplate(t.child, SENTENCE_SLOTS),
    },
    overrides: new Map(Object.entries(settings.overrides).map(([code, text]) => [code, parseTemplate(text, SENTENCE_SLOTS)])),
  };
}

/** The generated paragraph and what it left out. */
export interface Narrative {
  text: string;
  /** Each top-level indicator's sentence (with its 其中 clauses), in order. */
  sentences: { code: string; name: string; text: string }[];
  /** Indicators with no figure for the period: no sentence was written for them. */
  omitted: { code: string; name: string }[];
}

/** Decimals to show `value` with: `max`, or with `trimZeros` only as many as its rounded digits need. */
function shownDecimals(value: DecimalString, max: number, trimZeros: boolean): number {
  if (!trimZeros) return max;
  const rounded = roundHalfAway(value, max);
  const point = rounded.indexOf('.');
  return point < 0 ? 0 : rounded.length - point - 1;
}

/**
 * "工业投资，同比增长1.2%" → "工业投资同比增长1.2%": when the value clause after the name was left
 * out, the comma that introduced the next clause would follow the name directly (seed 001 reads
 * "全县工业投资同比增长33.2%").
 */
function joinNameToVerb(text: string, name: string): string {
  const at = text.indexOf(`${name}，`);
  return at >= 0 && at <= '其中'.length ? text.slice(0, at + name.length) + text.slice(at + name.length + 1) : text;
}

/** Formats figures of one paragraph per its settings. */
class Phrasing {
  constructor(private readonly settings: NarrativeSettings) {}

  /** An amount with its unit: 863300 万元 → "86.33亿元" (large amounts), 4719 万元 → "4719.0万元". */
  amount(value: DecimalString, unit: string, decimals: number): string {
    if (this.settings.largeAmounts && (unit === '元' || unit === '千元' || unit === '万元')) {
      const yi = convertUnit(value, unit, '亿元');
      const large = yi.ok && yi.value !== null && (compareDecimals(yi.value, '1') >= 0 || compareDecimals(yi.value, '-1') <= 0);
      if (large && yi.ok && yi.value !== null) return `${this.number(yi.value, this.settings.largeAmountDecimals)}亿元`;
    }
    return `${this.number(value, decimals)}${unit}`;
  }

  number(value: DecimalString, decimals: number): string {
    return formatDecimal(value, shownDecimals(value, decimals, this.settings.trimZeros));
  }

  /** A ledger amount in 万元 (协议总投资), with only the decimals it has (up to 2): "18.4亿元", "5656万元". */
  ledgerAmount(value: DecimalString): string {
    return this.amount(value, '万元', shownDecimals(value, 2, true));
  }

  /** A rate in percent: "41.9%". */
  percent(value: DecimalString): string {
    return `${this.number(value, this.settings.rateDecimals)}%`;
  }

  /** 同比 wording: 增长5.9% / 下降2.6% / 与上年持平 / 增长16.8倍 / 提高4.8个百分点 / 扭亏为盈（上年同期-120.0万元）. */
  growth(growth: NarrativeGrowth | null, figure: NarrativeFigure): string | null {
    if (growth === null) return null;
    const decimals = this.settings.rateDecimals;
    switch (growth.kind) {
      case 'points':
        return formatPointChange(growth.value, shownDecimals(growth.value, decimals, this.settings.trimZeros));
      case 'percent': {
        const text = formatGrowth({ kind: 'percent', value: growth.value }, { decimals: shownDecimals(growth.value, decimals, this.settings.trimZeros), mode: 'phrase' });
        return text === '持平' ? '与上年持平' : text;
      }
      case 'sign': {
        // The current figure is already in the sentence ({数值}); the wording adds last year's.
        const word = formatGrowth(growth.result, { decimals, mode: 'percent' });
        return `${word}（上年同期${this.amount(growth.result.base, figure.unit, figure.decimals)}）`;
      }
    }
  }

  /** 加快/回落/降幅收窄… against the previous return's growth; only rates compare this way. */
  growthChange(figure: NarrativeFigure): string | null {
    const now = figure.growth;
    const before = figure.previousGrowth;
    if (now?.kind !== 'percent' || before?.kind !== 'percent') return null;
    const change = formatGrowthRateChange(now.value, before.value, this.settings.rateDecimals);
    // "增速比1-10月持平" says nothing a reader needs; the seeds only mention a change.
    return change === '持平' ? null : change;
  }
}

/**
 * Writes the 工作总结 paragraph of one unit and period in the seeds' phrasing, from `model` (the
 * form view model's figures) and the workbook's `settings`. Every number in the text is one of the
 * model's figures, rounded for display; a missing figure leaves its clause out (never "0" or "—").
 * 其中 items (indicators whose parent is also in the model) become clauses of their parent's
 * sentence. Indicators with no figure at all are listed in `omitted`.
 * @throws TemplateSyntaxError (Chinese message) when a template cannot be used.
 */
export function generateNarrative(model: NarrativeModel, settings: NarrativeSettings): Narrative {
  const templates = parseNarrativeTemplates(settings);
  const say = new Phrasing(settings);
  const { month } = parsePeriod(model.period);
  const prefix = periodPrefix(month, settings.periodStyle);
  const previous = model.previousMonth === null ? null : cumulativeLabel(model.previousMonth, { quarterNames: false });
  const present = new Set(model.figures.map((f) => f.indicatorId));
  const byId = new Map(model.figures.map((f) => [f.indicatorId, f]));
  const omitted: Narrative['omitted'] = [];

  const sentenceOf = (figure: NarrativeFigure, asChild: boolean): string | null => {
    const parent = figure.parentId === null ? undefined : byId.get(figure.parentId);
    const template =
      templates.overrides.get(figure.code) ??
      (asChild && figure.kind === 'flow' ? templates.kinds.child : templates.kinds[figure.kind]);
    const values: Record<string, string | null> = {
      名称: figure.name,
      单位: model.unitName,
      前缀: prefix,
      上期: previous,
      上级名称: parent?.name ?? null,
      数值: figure.value === null ? null : say.amount(figure.value, figure.unit, figure.decimals),
      增速: say.growth(figure.growth, figure),
      增速变化: say.growthChange(figure),
      完成率: figure.completion === null ? null : say.percent(figure.completion),
      时间进度: figure.progressGap === null ? null : formatTimeProgressGap(figure.progressGap, settings.rateDecimals),
      占比: figure.share === null ? null : say.percent(figure.share),
      预计全年: figure.projection === null ? null : say.amount(figure.projection.value, figure.unit, figure.decimals),
      推算方法: figure.projection === null ? null : PROJECTION_METHOD_LABELS[figure.projection.method],
      预计增速: figure.projection === null ? null : say.growth(figure.projection.growth, figure),
    };
    const children = childrenOf(figure)
      .map((child) => sentenceOf(child, true))
      .filter((s): s is string => s !== null);
    values.其中 = children.length === 0 ? null : children.join('，');
    const filled = fillTemplate(template, values, FIGURE_SLOTS);
    if (filled === null || filled.figuresUsed === 0) {
      omitted.push({ code: figure.code, name: figure.name });
      return null;
    }
    // A stock or 比率 其中 item reads "其中…" too, unless its own template says otherwise.
    const needsQiZhong = asChild && !templates.overrides.has(figure.code) && figure.kind !== 'flow' && !filled.text.startsWith('其中');
    const own = joinNameToVerb(needsQiZhong ? `其中${filled.text}` : filled.text, figure.name);
    return children.length === 0 || usesSlot(template, '其中') ? own : [own, ...children].join('，');
  };
  const childrenOf = (figure: NarrativeFigure): NarrativeFigure[] => model.figures.filter((f) => f.parentId === figure.indicatorId);

  const sentences: Narrative['sentences'] = [];
  for (const figure of model.figures) {
    if (figure.parentId !== null && present.has(figure.parentId)) continue;
    const text = sentenceOf(figure, false);
    if (text !== null) sentences.push({ code: figure.code, name: figure.name, text });
  }
  if (model.ledger) sentences.push(...ledgerSentences(model.ledger, say));
  if (sentences.length === 0) return { text: '', sentences, omitted };
  const paragraph = fillTemplate(templates.paragraph, { 前缀: prefix, 单位: model.unitName, 正文: sentences.map((s) => s.text).join(settings.templates.separator) }, new Set(['正文']));
  return { text: paragraph?.text ?? '', sentences, omitted };
}

/** How seed 000 names the designations in a paragraph (高新技术企业 are 国家-level). */
/**
 * The ledger sentences: 三个一批 projects of the year so far ("新签约项目17个，其中亿元以上项目5个，
 * 协议总投资18.4亿元，新开工项目3个，竣工投产项目2个") and the enterprises holding each designation
 * at period end ("国家高新技术企业100家，认定雏鹰企业121家、瞪羚企业18家、领军企业2家", seed 000).
 * A count of 0 is left out (seeds never say "0个"); a ledger with nothing to say writes no sentence.
 */
function ledgerSentences(ledger: LedgerCounts, say: Phrasing): Narrative['sentences'] {
  const out: Narrative['sentences'] = [];
  const p = ledger.projects;
  if (p) {
    const parts: string[] = [];
    if (p.signed > 0) {
      const signed = p.signedLarge === p.signed ? `新签约亿元以上项目${p.signed}个` : `新签约项目${p.signed}个${p.signedLarge > 0 ? `，其中亿元以上项目${p.signedLarge}个` : ''}`;
      parts.push(compareDecimals(p.signedInvestment, '0') > 0 ? `${signed}，协议总投资${say.ledgerAmount(p.signedInvestment)}` : signed);
    }
    if (p.started > 0) parts.push(`新开工项目${p.started}个`);
    if (p.completed > 0) parts.push(`竣工投产项目${p.completed}个`);
    if (parts.length > 0) out.push({ code: '项目台账', name: '项目台账', text: parts.join('，') });
  }
  const held = (ledger.enterprises?.byDesignation ?? []).filter((d) => d.count > 0);
  if (held.length > 0) {
    const said = held.map((d) => `${DESIGNATION_WORDING[d.designation] ?? d.designation}${d.count}家`);
    const [first, ...rest] = said;
    const text = held[0]?.designation === '高新技术企业' ? [first, ...(rest.length > 0 ? [`认定${rest.join('、')}`] : [])].join('，') : `认定${said.join('、')}`;
    out.push({ code: '企业名录', name: '企业名录', text });
  }
  return out;
}

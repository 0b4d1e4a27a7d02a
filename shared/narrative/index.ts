/**
 * The 工作总结 paragraph generator: pure, no DOM and no Node. The service builds a
 * {@link NarrativeModel} from the form view model and calls {@link generateNarrative}.
 */
export { type Narrative, PARAGRAPH_SLOTS, SENTENCE_SLOTS, generateNarrative, parseNarrativeTemplates, periodPrefix } from './generate-narrative.js';
export { type EnterpriseCounts, type LedgerCounts, type ProjectCounts, countsStatedBy, enterpriseCounts, projectCounts } from './ledger-counts.js';
export { type NarrativeFigure, type NarrativeGrowth, type NarrativeModel, type NarrativeViews, narrativeModel } from './narrative-model.js';
export {
  type NarrativeSettings,
  type NarrativeTemplates,
  type PeriodStyle,
  DEFAULT_NARRATIVE_SETTINGS,
  DEFAULT_NARRATIVE_TEMPLATES,
  PERIOD_STYLE_LABELS,
} from './narrative-settings.js';
export { type FilledTemplate, type SentenceTemplate, TemplateSyntaxError, fillTemplate, parseTemplate, usesSlot } from './sentence-template.js';

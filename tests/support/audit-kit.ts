import { type FormItem, type Indicator } from '../../shared/domain/catalog.js';
import { type StoredField } from '../../shared/domain/grid.js';
import { IndicatorFigures } from '../../shared/figures/indicator-figures.js';
import { type AuditFinding, type AuditRule, auditFigures, catalogLookups, compileRules, type RuleProblem } from '../../shared/audit/audit-rules.js';
import { type MissingPolicy, RuleEvaluator } from '../../shared/audit/rule-evaluate.js';
import { parseRule } from '../../shared/audit/rule-syntax.js';

/**
 * A small catalog and figure store for the audit's unit tests (test support, not used by the
 * app): indicators by code, typed figures as `code|period|field` → value.
 */
export class AuditKit {
  readonly indicators = new Map<number, Indicator>();
  readonly values = new Map<string, string>();
  private nextId = 1;

  constructor(readonly formFirstReturn: 1 | 2 = 1) {}

  add(code: string, fields: Partial<Indicator> & Pick<Indicator, 'kind'>, parent?: string): Indicator {
    const indicator: Indicator = {
      id: this.nextId++,
      code,
      name: fields.name ?? code,
      unit: '万元',
      decimals: 1,
      entryBasis: 'cumulative',
      parentId: parent ? this.byCode(parent).id : null,
      growthBasis: 'nominal',
      numeratorId: null,
      denominatorId: null,
      projectionMethod: 'linear',
      firstReturnMonth: null,
      ...fields,
    };
    this.indicators.set(indicator.id, indicator);
    return indicator;
  }

  byCode(code: string): Indicator {
    const found = [...this.indicators.values()].find((i) => i.code === code);
    if (!found) throw new Error(`no indicator ${code}`);
    return found;
  }

  /** Types a figure (`period` YYYY-MM, or YYYY for a target). */
  set(code: string, period: string, field: StoredField, value: string): this {
    this.values.set(`${this.byCode(code).id}|${period}|${field}`, value);
    return this;
  }

  figures(): IndicatorFigures {
    return new IndicatorFigures({ get: (id, period, field) => this.values.get(`${id}|${period}|${field}`) ?? null }, this.indicators, this.formFirstReturn);
  }

  items(): FormItem[] {
    return [...this.indicators.values()].map((indicator, i) => ({ itemId: i + 1, type: 'indicator', indicator, depth: 0 }));
  }

  /** Evaluates one formula for `period` with 本项 = `self`: true, false or null (unknown). */
  evaluate(source: string, period: string, options: { self?: string; missing?: MissingPolicy } = {}): boolean | null {
    const [year, month] = period.split('-').map(Number) as [number, number];
    const lookups = catalogLookups(this.indicators);
    const evaluator = new RuleEvaluator({
      figures: this.figures(),
      resolve: (target, quoted) => lookups.byCode.get(target) ?? (quoted ? lookups.byName.get(target) : undefined),
      children: (id) => lookups.children.get(id) ?? [],
      year,
      month,
      self: options.self ? this.byCode(options.self) : null,
      formFirstReturn: this.formFirstReturn,
      missing: options.missing ?? 'skip',
    });
    return evaluator.condition(parseRule(source));
  }

  /** Runs rules over every indicator of the kit as one form. */
  audit(rules: readonly AuditRule[], period: string): { findings: AuditFinding[]; problems: RuleProblem[] } {
    const { compiled, problems } = compileRules(rules);
    const result = auditFigures(compiled, {
      items: this.items(),
      indicators: this.indicators,
      lookups: catalogLookups(this.indicators),
      figures: this.figures(),
      formFirstReturn: this.formFirstReturn,
      period,
    });
    return { findings: result.findings, problems: [...problems, ...result.problems] };
  }
}

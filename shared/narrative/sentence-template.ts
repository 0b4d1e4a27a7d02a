/**
 * The sentence-template language of the 工作总结 generator: `{占位符}` slots and `[可省略]`
 * optional parts (nesting allowed). An optional part is left out whole when any slot inside it
 * has no value, so a missing figure never leaves "0", "—" or a dangling "同比" in a sentence.
 */

type TemplateNode = { type: 'text'; text: string } | { type: 'slot'; name: string } | { type: 'group'; children: TemplateNode[] };

/** A parsed template; make one with {@link parseTemplate}. */
export interface SentenceTemplate {
  readonly nodes: readonly TemplateNode[];
}

/** A template the clerk wrote that cannot be used, with the reason in Chinese. */
export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * Parses a template. `allowed` lists the slot names it may use.
 * @throws TemplateSyntaxError (Chinese message) on an unbalanced bracket or brace, or an unknown slot.
 */
export function parseTemplate(template: string, allowed: ReadonlySet<string>): SentenceTemplate {
  const stack: TemplateNode[][] = [[]];
  let text = '';
  const top = (): TemplateNode[] => stack[stack.length - 1] as TemplateNode[];
  const flush = (): void => {
    if (text !== '') top().push({ type: 'text', text });
    text = '';
  };
  for (let i = 0; i < template.length; i += 1) {
    const ch = template[i] as string;
    if (ch === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) throw new TemplateSyntaxError(`模板“${template}”中的“{”没有对应的“}”。`);
      const name = template.slice(i + 1, end);
      if (!allowed.has(name)) throw new TemplateSyntaxError(`模板“${template}”中的占位符“{${name}}”不可用。可用的有：${[...allowed].map((n) => `{${n}}`).join('')}。`);
      flush();
      top().push({ type: 'slot', name });
      i = end;
    } else if (ch === '}') {
      throw new TemplateSyntaxError(`模板“${template}”中的“}”没有对应的“{”。`);
    } else if (ch === '[') {
      flush();
      const group: TemplateNode = { type: 'group', children: [] };
      top().push(group);
      stack.push(group.children);
    } else if (ch === ']') {
      if (stack.length === 1) throw new TemplateSyntaxError(`模板“${template}”中的“]”没有对应的“[”。`);
      flush();
      stack.pop();
    } else {
      text += ch;
    }
  }
  if (stack.length > 1) throw new TemplateSyntaxError(`模板“${template}”中的“[”没有对应的“]”。`);
  flush();
  return { nodes: stack[0] as TemplateNode[] };
}

/** Outcome of {@link fillTemplate}: the text and how many `figures` slots it filled. */
export interface FilledTemplate {
  text: string;
  figuresUsed: number;
}

/**
 * Fills a template from `values` (a slot without a value is `null` or absent). Optional parts
 * with an empty slot are left out; `null` when a slot outside every optional part is empty.
 * `figures` names the slots that carry a figure, so a caller can drop a sentence that says none.
 */
export function fillTemplate(template: SentenceTemplate, values: Readonly<Record<string, string | null | undefined>>, figures: ReadonlySet<string>): FilledTemplate | null {
  let figuresUsed = 0;
  const fill = (nodes: readonly TemplateNode[]): string | null => {
    let out = '';
    let used = 0;
    for (const node of nodes) {
      if (node.type === 'text') out += node.text;
      else if (node.type === 'slot') {
        const value = values[node.name];
        if (value === null || value === undefined || value === '') return null;
        if (figures.has(node.name)) used += 1;
        out += value;
      } else {
        const before = figuresUsed;
        const inner = fill(node.children);
        if (inner === null) figuresUsed = before;
        else out += inner;
      }
    }
    figuresUsed += used;
    return out;
  };
  const text = fill(template.nodes);
  return text === null ? null : { text, figuresUsed };
}

/** True when `template` has a `{name}` slot anywhere (optional parts included). */
export function usesSlot(template: SentenceTemplate, name: string): boolean {
  const search = (nodes: readonly TemplateNode[]): boolean => nodes.some((n) => (n.type === 'slot' ? n.name === name : n.type === 'group' && search(n.children)));
  return search(template.nodes);
}

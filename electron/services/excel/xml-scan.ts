/**
 * Just enough XML for SpreadsheetML parts we read or patch, without a DOM (Node has none) and
 * without a dependency. Works on elements that do not nest in themselves (<c>, <row>, <si>,
 * <sheet>, <xf>, <Relationship> …), which is all a package reader needs; prefixes such as
 * <x:c> are accepted because some generators write them. DOCTYPE/ENTITY are refused earlier, by
 * the package guard, so no entity beyond the five predefined ones and numeric references exists.
 */

/** One element found in a part: its tag, attributes (by local name) and inner XML. */
export interface XmlElement {
  /** Attributes by local name (`r:id` → `id`), values decoded. */
  attrs: Record<string, string>;
  /** Inner XML, or null for a self-closing element. */
  inner: string | null;
  /** Offsets of the whole element in the scanned text. */
  start: number;
  end: number;
  /** The start tag as written, e.g. `<c r="B5" s="3" t="s">`. */
  openTag: string;
}

const patternCache = new Map<string, RegExp>();

function elementPattern(localName: string): RegExp {
  let pattern = patternCache.get(localName);
  if (pattern === undefined) {
    pattern = new RegExp(`<((?:[\\w.-]+:)?${localName})(?=[\\s/>])([^>]*?)(/>|>([\\s\\S]*?)</\\1\\s*>)`, 'g');
    patternCache.set(localName, pattern);
  }
  return pattern;
}

/** Every `localName` element in `xml[from, to)`, in document order. */
export function findElements(xml: string, localName: string, from = 0, to = xml.length): XmlElement[] {
  const pattern = elementPattern(localName);
  const region = from === 0 && to === xml.length ? xml : xml.slice(from, to);
  const found: XmlElement[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(region); m !== null; m = pattern.exec(region)) {
    const openTag = m[3] === '/>' ? m[0] : `<${m[1] ?? ''}${m[2] ?? ''}>`;
    found.push({
      attrs: parseAttributes(m[2] ?? ''),
      inner: m[3] === '/>' ? null : (m[4] ?? ''),
      start: from + m.index,
      end: from + m.index + m[0].length,
      openTag,
    });
  }
  return found;
}

/** The first `localName` element, or null. */
export function firstElement(xml: string, localName: string): XmlElement | null {
  return findElements(xml, localName)[0] ?? null;
}

/** Attributes of a start tag's attribute text, keyed by local name, values decoded. */
export function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(/([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const name = m[1] ?? '';
    attrs[name.slice(name.indexOf(':') + 1)] = decodeXml(m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Decodes the predefined entities and numeric character references. */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (hex !== undefined || dec !== undefined) {
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[named as 'lt'];
  });
}

/** Escapes text for element content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c as '<']);
}

/**
 * The text of a SpreadsheetML string item (<si>, <is>): every <t> run concatenated, leaving out
 * phonetic guides (<rPh>), which Excel stores but does not show.
 */
export function stringItemText(inner: string): string {
  const withoutPhonetic = inner.includes('rPh') ? inner.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh\s*>/g, '') : inner;
  return findElements(withoutPhonetic, 't').map((t) => decodeXml(t.inner ?? '')).join('');
}

import { DEFAULT_PREVIEW_STYLE, type PreviewStyle } from './workbook-snapshot.js';
import { findElements, firstElement, type XmlElement } from './xml-scan.js';

/** Excel's built-in number formats that templates actually use (ECMA-376 §18.8.30). */
const BUILTIN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00',
  12: '# ?/?', 13: '# ??/??', 14: 'yyyy/m/d', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'yyyy/m/d h:mm', 37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss',
  46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/**
 * Preview styles of a styles.xml part, one per cellXfs entry (the cell's s= index). Only what a
 * read-only grid paints is kept; theme and indexed colours fall back to automatic.
 */
export function readPreviewStyles(stylesXml: string | null): PreviewStyle[] {
  if (stylesXml === null) return [{ ...DEFAULT_PREVIEW_STYLE }];
  const formats = new Map<number, string>();
  for (const { attrs } of findElements(stylesXml, 'numFmt')) formats.set(Number(attrs.numFmtId), attrs.formatCode ?? 'General');
  const fonts = childrenOf(stylesXml, 'fonts', 'font');
  const fills = childrenOf(stylesXml, 'fills', 'fill');
  const borders = childrenOf(stylesXml, 'borders', 'border');
  const xfs = childrenOf(stylesXml, 'cellXfs', 'xf');
  if (xfs.length === 0) return [{ ...DEFAULT_PREVIEW_STYLE }];
  return xfs.map((xf) => {
    const font = fonts[Number(xf.attrs.fontId ?? 0)]?.inner ?? '';
    const fill = fills[Number(xf.attrs.fillId ?? 0)]?.inner ?? '';
    const border = borders[Number(xf.attrs.borderId ?? 0)]?.inner ?? '';
    const alignment = firstElement(xf.inner ?? '', 'alignment')?.attrs ?? {};
    const numFmtId = Number(xf.attrs.numFmtId ?? 0);
    const pattern = firstElement(fill, 'patternFill');
    return {
      bold: boolFlag(font, 'b'),
      italic: boolFlag(font, 'i'),
      fontSize: numberOrNull(firstElement(font, 'sz')?.attrs.val),
      fontColor: rgbColor(firstElement(font, 'color')),
      fillColor: pattern !== null && pattern.attrs.patternType !== 'none' ? rgbColor(firstElement(pattern.inner ?? '', 'fgColor')) : null,
      horizontal: alignment.horizontal ?? null,
      vertical: alignment.vertical ?? null,
      wrap: alignment.wrapText === '1' || alignment.wrapText === 'true',
      border: {
        top: hasBorder(border, 'top'),
        right: hasBorder(border, 'right'),
        bottom: hasBorder(border, 'bottom'),
        left: hasBorder(border, 'left'),
      },
      numberFormat: formats.get(numFmtId) ?? BUILTIN_FORMATS[numFmtId] ?? 'General',
    };
  });
}

/** The `child` elements inside the first `container` element (cellXfs, not cellStyleXfs). */
function childrenOf(xml: string, container: string, child: string): XmlElement[] {
  const outer = firstElement(xml, container);
  return outer?.inner ? findElements(outer.inner, child) : [];
}

function boolFlag(fontXml: string, name: string): boolean {
  const element = firstElement(fontXml, name);
  return element !== null && element.attrs.val !== '0' && element.attrs.val !== 'false';
}

function hasBorder(borderXml: string, side: string): boolean {
  const style = firstElement(borderXml, side)?.attrs.style;
  return style !== undefined && style !== 'none';
}

function rgbColor(element: XmlElement | null): string | null {
  const rgb = element?.attrs.rgb;
  return rgb !== undefined && /^[0-9A-Fa-f]{8}$/.test(rgb) ? `#${rgb.slice(2).toUpperCase()}` : null;
}

function numberOrNull(text: string | undefined): number | null {
  const n = Number(text);
  return text === undefined || !Number.isFinite(n) ? null : n;
}

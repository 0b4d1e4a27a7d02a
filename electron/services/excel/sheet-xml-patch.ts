import { cellAddress, columnName, parseRange, type CellPosition, type CellRange } from './cell-ref.js';
import { escapeXml, findElements, firstElement, type XmlElement } from './xml-scan.js';

/** What to put into one cell: an exact decimal number, a text (备注), or nothing. */
export type FillValue = { kind: 'number'; value: string } | { kind: 'text'; value: string } | { kind: 'clear' };

/** A fill addressed by position within one sheet. */
export interface PositionedFill {
  pos: CellPosition;
  value: FillValue;
}

/** Why a sheet could not be patched; the caller turns it into a message naming file and sheet. */
export class SheetPatchError extends Error {
  constructor(
    readonly cell: string,
    readonly reason: string,
  ) {
    super(`${cell}: ${reason}`);
    this.name = 'SheetPatchError';
  }
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites the given cells of one worksheet XML and nothing else: each target `<c>` element is
 * replaced (keeping its `s=` style, so the template's number format applies) or inserted in
 * column order, missing `<row>`s are inserted in row order, and `<dimension>` grows when a cell
 * lands outside it. Every other byte of the part is kept.
 * @throws SheetPatchError for a formula cell, a covered cell of a merge, or unaddressed rows/cells.
 */
export function patchSheetXml(xml: string, fills: readonly PositionedFill[]): string {
  const data = /<((?:[\w.-]+:)?)sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (data === null) throw new SheetPatchError('', '工作表缺少 sheetData');
  const prefix = data[1] ?? '';
  const merges = findElements(xml, 'mergeCell').flatMap((m) => parseRange(m.attrs.ref ?? '') ?? []);
  for (const fill of fills) refuseCoveredCell(fill.pos, merges);

  if (data[2] === '/') {
    // <sheetData/>: open it up so that rows can be inserted.
    const opened = `${xml.slice(0, data.index)}<${prefix}sheetData></${prefix}sheetData>${xml.slice(data.index + data[0].length)}`;
    return patchSheetXml(opened, fills);
  }
  const splices: Splice[] = [];
  const dataStart = data.index + data[0].length;
  const dataEnd = xml.indexOf(`</${prefix}sheetData`, dataStart);
  const rows = findElements(xml, 'row', dataStart, dataEnd);
  const byRow = groupByRow(fills);
  const columnStyles = readColumnStyles(xml);
  let rowCursor = 0;
  const newRowsAt = new Map<number, string[]>();
  for (const [rowIndex, rowFills] of byRow) {
    while (rowCursor < rows.length && rowNumber(rows[rowCursor]) < rowIndex + 1) rowCursor++;
    const row = rows[rowCursor];
    if (row !== undefined && rowNumber(row) === rowIndex + 1) {
      splices.push({ start: row.start, end: row.end, text: patchRow(row, rowFills, prefix, columnStyles) });
    } else {
      const at = row?.start ?? dataEnd;
      const cells = rowFills.map((f) => cellXml(prefix, f.pos, null, f.value, columnStyles.get(f.pos.col) ?? null));
      newRowsAt.set(at, [...(newRowsAt.get(at) ?? []), `<${prefix}row r="${rowIndex + 1}">${cells.join('')}</${prefix}row>`]);
    }
  }
  for (const [at, texts] of newRowsAt) splices.push({ start: at, end: at, text: texts.join('') });
  const dimension = growDimension(xml, fills);
  if (dimension !== null) splices.push(dimension);
  return applySplices(xml, splices);
}

function refuseCoveredCell(pos: CellPosition, merges: readonly CellRange[]): void {
  for (const m of merges) {
    const inside = pos.row >= m.top && pos.row <= m.bottom && pos.col >= m.left && pos.col <= m.right;
    if (inside && (pos.row !== m.top || pos.col !== m.left)) {
      const topLeft = cellAddress({ row: m.top, col: m.left });
      throw new SheetPatchError(cellAddress(pos), `位于合并单元格内，只能填入合并区域左上角的 ${topLeft}`);
    }
  }
}

function groupByRow(fills: readonly PositionedFill[]): Map<number, PositionedFill[]> {
  const sorted = [...fills].sort((a, b) => a.pos.row - b.pos.row || a.pos.col - b.pos.col);
  const byRow = new Map<number, PositionedFill[]>();
  for (const fill of sorted) {
    const list = byRow.get(fill.pos.row) ?? [];
    // The last fill of a cell wins, like typing twice into it.
    const same = list.findIndex((f) => f.pos.col === fill.pos.col);
    if (same >= 0) list[same] = fill;
    else list.push(fill);
    byRow.set(fill.pos.row, list);
  }
  return byRow;
}

function rowNumber(row: XmlElement | undefined): number {
  const r = row?.attrs.r;
  if (r === undefined) throw new SheetPatchError('', '工作表中有未标行号的行，无法安全地定位单元格');
  return Number(r);
}

/** Column default styles from <cols>, used for cells that do not exist yet. */
function readColumnStyles(xml: string): Map<number, string> {
  const styles = new Map<number, string>();
  for (const { attrs } of findElements(xml, 'col')) {
    if (attrs.style === undefined) continue;
    const max = Math.min(Number(attrs.max), 16_384);
    for (let c = Number(attrs.min); c <= max; c++) styles.set(c - 1, attrs.style);
  }
  return styles;
}

function patchRow(row: XmlElement, fills: readonly PositionedFill[], prefix: string, columnStyles: Map<number, string>): string {
  const inner = row.inner ?? '';
  const openTag = row.inner === null ? row.openTag.replace(/\s*\/>$/, '>') : row.openTag;
  const rowStyle = row.attrs.customFormat === '1' ? (row.attrs.s ?? null) : null;
  const cells = findElements(inner, 'c').map((c) => {
    const ref = c.attrs.r;
    if (ref === undefined) throw new SheetPatchError('', `第 ${row.attrs.r ?? ''} 行有未标地址的单元格，无法安全地定位`);
    return { element: c, col: columnIndexOf(ref) };
  });
  const splices: Splice[] = [];
  let cursor = 0;
  for (const fill of fills) {
    while (cursor < cells.length && (cells[cursor]?.col ?? 0) < fill.pos.col) cursor++;
    const existing = cells[cursor];
    if (existing !== undefined && existing.col === fill.pos.col) {
      if (existing.element.inner !== null && firstElement(existing.element.inner, 'f') !== null) {
        throw new SheetPatchError(cellAddress(fill.pos), '是公式单元格，不能填入数值（请改为映射到非公式单元格）');
      }
      splices.push({ start: existing.element.start, end: existing.element.end, text: cellXml(prefix, fill.pos, existing.element, fill.value, null) });
    } else {
      const at = existing?.element.start ?? lastCellEnd(cells, inner);
      splices.push({ start: at, end: at, text: cellXml(prefix, fill.pos, null, fill.value, rowStyle ?? columnStyles.get(fill.pos.col) ?? null) });
    }
  }
  return `${widenSpans(openTag, fills)}${applySplices(inner, splices)}</${prefix}row>`;
}

/** Where a cell appended to a row goes: after its last <c>, before a trailing <extLst>. */
function lastCellEnd(cells: ReadonlyArray<{ element: XmlElement }>, inner: string): number {
  return cells.at(-1)?.element.end ?? (/<(?:[\w.-]+:)?extLst\b/.exec(inner)?.index ?? inner.length);
}

/** Widens a row's optional spans="1:5" hint so it covers the filled columns. */
function widenSpans(openTag: string, fills: readonly PositionedFill[]): string {
  return openTag.replace(/\bspans="(\d+):(\d+)"/, (whole, lo: string, hi: string) => {
    const cols = fills.map((f) => f.pos.col + 1);
    const min = Math.min(Number(lo), ...cols);
    const max = Math.max(Number(hi), ...cols);
    return min === Number(lo) && max === Number(hi) ? whole : `spans="${min}:${max}"`;
  });
}

function columnIndexOf(ref: string): number {
  let col = 0;
  for (const ch of /^[A-Za-z]+/.exec(ref)?.[0].toUpperCase() ?? '') col = col * 26 + ch.charCodeAt(0) - 64;
  return col - 1;
}

/**
 * The new <c> element. An existing cell keeps its attribute text except the value type and
 * value-metadata attributes (t, cm, vm), which no longer describe the new value.
 */
function cellXml(prefix: string, pos: CellPosition, existing: XmlElement | null, value: FillValue, defaultStyle: string | null): string {
  const attributes =
    existing === null
      ? ` r="${cellAddress(pos)}"${defaultStyle === null ? '' : ` s="${defaultStyle}"`}`
      : existing.openTag.replace(new RegExp(`^<${prefix}c`), '').replace(/\/?>$/, '').replace(/\s+(?:t|cm|vm)="[^"]*"/g, '');
  const tag = `${prefix}c`;
  switch (value.kind) {
    case 'number':
      return `<${tag}${attributes}><${prefix}v>${value.value}</${prefix}v></${tag}>`;
    case 'text': {
      const space = /^\s|\s$/.test(value.value) ? ' xml:space="preserve"' : '';
      return `<${tag}${attributes} t="inlineStr"><${prefix}is><${prefix}t${space}>${escapeXml(value.value)}</${prefix}t></${prefix}is></${tag}>`;
    }
    case 'clear':
      return `<${tag}${attributes}/>`;
  }
}

/** A splice that widens <dimension ref> to cover the fills, or null when it already does. */
function growDimension(xml: string, fills: readonly PositionedFill[]): Splice | null {
  const dimension = firstElement(xml, 'dimension');
  const current = parseRange(dimension?.attrs.ref ?? '');
  if (dimension === null || current === null) return null;
  const grown = { ...current };
  for (const { pos } of fills) {
    grown.top = Math.min(grown.top, pos.row);
    grown.left = Math.min(grown.left, pos.col);
    grown.bottom = Math.max(grown.bottom, pos.row);
    grown.right = Math.max(grown.right, pos.col);
  }
  if (grown.top === current.top && grown.left === current.left && grown.bottom === current.bottom && grown.right === current.right) return null;
  const ref = `${columnName(grown.left)}${grown.top + 1}:${columnName(grown.right)}${grown.bottom + 1}`;
  return { start: dimension.start, end: dimension.end, text: dimension.openTag.replace(/\bref="[^"]*"/, `ref="${ref}"`) };
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let result = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) result = result.slice(0, s.start) + s.text + result.slice(s.end);
  return result;
}

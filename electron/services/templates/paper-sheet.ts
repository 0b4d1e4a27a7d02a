import { cellAddress } from '../excel/cell-ref.js';
import { fillTemplateBytes, type CellFill } from '../excel/xlsx-fill.js';
import { type PaperTable, type ShownFigure } from '../../../shared/domain/paper.js';
import { numberFormatOf, SIGNATURE_LINE } from './form-table.js';

// One definition for the host and the page (the print view lays out the same table).
export type { PaperRow, PaperTable } from '../../../shared/domain/paper.js';

/** Song for the body and Hei for the title, as Chinese official tables are set. */
const BODY_FONT = { name: '宋体', size: 10 } as const;
const TITLE_FONT = { name: '黑体', size: 16, bold: true } as const;
const THIN = { style: 'thin' } as const;
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN } as const;
/** Row of the header: title, info line, header. */
const HEADER_ROW = 3;
/** Column widths (Excel character units): enough for "0.0", at most a long name's worth. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 40;
/** Headers up to this width (four CJK characters plus a little) are not wrapped. */
const SHORT_HEADER = 9;
/** Excel's default row height at 10–11 pt, in points. */
const LINE_HEIGHT = 14.25;

/**
 * Width of a text in Excel character units: CJK and full-width characters take two, others one.
 * Excel measures in widths of "0" of the default font; a CJK glyph is about twice that.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    // CJK punctuation, kana, ideographs, Hangul and full-width forms.
    width += (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) ? 2 : 1;
  }
  return width;
}

function shownText(cell: ShownFigure): string {
  return cell.kind === 'empty' ? '' : cell.display;
}

/**
 * Column widths that fit the content: the widest cell (a label with its indentation), and the
 * header wrapped onto at most two lines; bounded so that no column swallows the page.
 */
function columnWidths(table: PaperTable): number[] {
  return table.header.map((head, col) => {
    // A short header stays on one line; a long one may wrap onto two.
    const headWidth = textWidth(head);
    let widest = headWidth <= SHORT_HEADER ? headWidth : Math.ceil(headWidth / 2);
    for (const row of table.rows) {
      if (row.kind !== 'line') continue;
      const cell = row.cells[col];
      if (cell === undefined) continue;
      widest = Math.max(widest, textWidth(shownText(cell)) + (col === 0 ? row.depth * 2 : 0));
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
  });
}

/** Lines a text takes in a cell `width` characters wide (wrapped). */
function linesIn(text: string, width: number): number {
  return Math.max(1, Math.ceil(textWidth(text) / Math.max(1, width - 1)));
}

/**
 * A table as a submission-grade .xlsx: title merged over the table, the 填报单位 / 期别 / 计量单位
 * line, thin borders round every cell, header repeated on every printed page, 其中 items
 * indented, columns as wide as their content, the header frozen, A4 landscape fitted to one page
 * wide, "第 N 页，共 M 页" in the footer and the signature line under the table.
 *
 * Figures are numbers with a format showing exactly the digits shown: ExcelJS writes only JS
 * numbers, so it lays out the styled sheet with those cells empty and the package filler writes
 * each exact decimal string into the sheet XML. `fileName` names the file in messages.
 */
export async function paperSheetXlsx(table: PaperTable, sheetName: string, fileName: string): Promise<Buffer> {
  // Loaded on first use: ExcelJS is large and most sessions never export.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = '统计工作台';
  const columns = table.header.length;
  const widths = columnWidths(table);
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', xSplit: table.frozenColumns, ySplit: HEADER_ROW, topLeftCell: cellAddress({ row: HEADER_ROW, col: table.frozenColumns }) }],
  });
  sheet.columns = widths.map((width) => ({ width }));
  const totalWidth = widths.reduce((a, b) => a + b, 0);

  const title = sheet.getCell(1, 1);
  sheet.mergeCells(1, 1, 1, columns);
  Object.assign(title, { value: table.title, font: TITLE_FONT, alignment: { horizontal: 'center', vertical: 'middle' } });
  sheet.getRow(1).height = 30;

  // 填报单位 left, 期别 centred, 计量单位 right, each over a third of the table (a table has at
  // least its three leading columns).
  const third = Math.max(1, Math.floor(columns / 3));
  const spans = [[1, third], [third + 1, columns - third], [columns - third + 1, columns]] as const;
  const aligns = ['left', 'center', 'right'] as const;
  table.info.forEach((text, i) => {
    const [from, to] = spans[i] ?? [1, 1];
    if (to > from) sheet.mergeCells(2, from, 2, to);
    Object.assign(sheet.getCell(2, from), { value: text, font: BODY_FONT, alignment: { horizontal: aligns[i], vertical: 'bottom' } });
  });
  sheet.getRow(2).height = 20;

  const header = sheet.getRow(HEADER_ROW);
  table.header.forEach((text, i) => {
    Object.assign(header.getCell(i + 1), {
      value: text,
      font: { ...BODY_FONT, bold: true },
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
      border: BOX,
    });
  });
  header.height = Math.max(...table.header.map((text, i) => linesIn(text, widths[i] ?? MIN_WIDTH))) * LINE_HEIGHT + 4;

  const fills: CellFill[] = [];
  let rowNumber = HEADER_ROW;
  for (const row of table.rows) {
    rowNumber += 1;
    const line = sheet.getRow(rowNumber);
    if (row.kind === 'section') {
      sheet.mergeCells(rowNumber, 1, rowNumber, columns);
      Object.assign(line.getCell(1), { value: row.title, font: { ...BODY_FONT, bold: true }, alignment: { horizontal: 'left', vertical: 'middle' }, border: BOX });
      continue;
    }
    const font = row.alert ? { ...BODY_FONT, color: { argb: 'FFC00000' } } : BODY_FONT;
    for (let col = 0; col < columns; col += 1) {
      const cell = line.getCell(col + 1);
      const figure = row.cells[col] ?? { kind: 'empty' };
      cell.font = font;
      cell.border = BOX;
      const horizontal = table.align[col] ?? 'right';
      cell.alignment = col === 0 ? { horizontal, vertical: 'middle', indent: row.depth } : { horizontal, vertical: 'middle' };
      if (figure.kind === 'text') cell.value = figure.display;
      else if (figure.kind === 'number') {
        // Left empty here with its format; the exact figure is written into the XML below.
        cell.numFmt = numberFormatOf(figure);
        cell.alignment = { horizontal: 'right', vertical: 'middle' };
        fills.push({ sheet: sheetName, cell: cellAddress({ row: rowNumber - 1, col }), value: { kind: 'number', value: figure.value } });
      }
    }
  }

  // Foot lines and the signature line, each merged across the table and wrapped to fit it.
  const footLines = [...table.foot, SIGNATURE_LINE];
  rowNumber += 1;
  footLines.forEach((text, i) => {
    rowNumber += 1;
    sheet.mergeCells(rowNumber, 1, rowNumber, columns);
    Object.assign(sheet.getCell(rowNumber, 1), { value: text, font: BODY_FONT, alignment: { horizontal: 'left', vertical: 'top', wrapText: true } });
    sheet.getRow(rowNumber).height = linesIn(text, totalWidth) * LINE_HEIGHT + (i === footLines.length - 1 ? 6 : 0);
  });

  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    // 0 = as many pages down as the rows need.
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    printArea: `A1:${cellAddress({ row: rowNumber - 1, col: columns - 1 })}`,
  };
  sheet.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' };

  const laidOut = Buffer.from(await workbook.xlsx.writeBuffer());
  return fillTemplateBytes(laidOut, fileName, fills);
}

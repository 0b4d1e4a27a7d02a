import { type TemplateCellStyle, type TemplateSheetView } from '../../../shared/domain/template.js';
import { formatDecimal, normalizeDecimal, shiftDecimalPoint } from '../../../shared/stats/index.js';
import { InternTable } from '../excel/intern-table.js';
import { type CellValue, type PreviewStyle, type SheetSnapshot, type WorkbookSnapshot } from '../excel/workbook-snapshot.js';

/** Excel's default column width in characters (Calibri 11), used where a file sets none. */
const DEFAULT_WIDTH_CHARS = 8.43;

/**
 * The read-only preview of every sheet of a template: cell texts as Excel shows them (number
 * formats applied to exact decimals, cached results for formulas), formulas, reduced styles,
 * merges and column widths in pixels.
 */
export function templateSheetViews(snapshot: WorkbookSnapshot): TemplateSheetView[] {
  return snapshot.sheets.map((sheet) => sheetView(sheet, snapshot.styles));
}

function sheetView(sheet: SheetSnapshot, previewStyles: readonly PreviewStyle[]): TemplateSheetView {
  const { rowCount, colCount } = sheet;
  const texts = Array.from({ length: rowCount }, () => Array.from({ length: colCount }, () => ''));
  const styleIndex = Array.from({ length: rowCount }, () => Array.from({ length: colCount }, () => 0));
  // Reduce each of the file's styles once; cells then only look up an index.
  const styles = new InternTable<TemplateCellStyle>(PLAIN);
  const reducedIndex = previewStyles.map((preview) => styles.intern(reduceStyle(preview)));
  const formulas: TemplateSheetView['formulas'] = [];
  for (const cell of sheet.cells) {
    const row = texts[cell.row];
    const rowStyles = styleIndex[cell.row];
    if (row === undefined || rowStyles === undefined || cell.col >= colCount) continue;
    const preview = previewStyles[cell.style];
    row[cell.col] = displayText(cell.value, preview?.numberFormat ?? 'General');
    if (cell.formula !== null) formulas.push({ row: cell.row, col: cell.col, formula: `=${cell.formula}` });
    rowStyles[cell.col] = reducedIndex[cell.style] ?? 0;
  }
  return { name: sheet.name, rowCount, colCount, texts, formulas, styleIndex, styles: styles.values, merges: sheet.merges, colWidths: columnWidths(sheet) };
}

const PLAIN: TemplateCellStyle = { bold: false, italic: false, fillColor: null, fontColor: null, align: null, wrap: false };

function reduceStyle(style: PreviewStyle): TemplateCellStyle {
  const h = style.horizontal;
  const align = h === 'left' || h === 'right' ? h : h === 'center' || h === 'centerContinuous' ? 'center' : null;
  return { bold: style.bold, italic: style.italic, fillColor: style.fillColor, fontColor: style.fontColor, align, wrap: style.wrap };
}

/** Column widths in pixels: Excel's character widths × 7 px (Calibri 11 digit) + 5 px padding. */
function columnWidths(sheet: SheetSnapshot): number[] {
  const px = (chars: number): number => Math.round(chars * 7 + 5);
  const widths = Array.from({ length: sheet.colCount }, () => px(DEFAULT_WIDTH_CHARS));
  for (const col of sheet.columns) {
    for (let c = col.min; c <= Math.min(col.max, sheet.colCount - 1); c++) widths[c] = col.hidden ? 0 : px(col.width ?? DEFAULT_WIDTH_CHARS);
  }
  return widths;
}

/**
 * A cell's text as Excel shows it, for the formats county templates use: General, fixed decimals
 * ("0.00"), thousands ("#,##0.0") and percent ("0.0%"). Other formats (dates, fractions,
 * scientific) show the number as stored rather than a wrong rendering.
 */
export function displayText(value: CellValue | null, numberFormat: string): string {
  if (value === null) return '';
  if (value.type === 'boolean') return value.value ? 'TRUE' : 'FALSE';
  if (value.type !== 'number') return value.value;
  let exact: string;
  try {
    exact = normalizeDecimal(value.value);
  } catch {
    return value.value;
  }
  // The positive section only, without quoted literals and [Red]/[$-804] brackets.
  const section = (numberFormat.split(';')[0] ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  if (!/[0#]/.test(section) || /[ymdhs]/i.test(section) || /E[+-]/i.test(section)) return exact;
  const percent = section.includes('%');
  const decimals = /\.([0#]+)/.exec(section)?.[1]?.length ?? 0;
  const scaled = percent ? shiftDecimalPoint(exact, 2) : exact;
  return `${formatDecimal(scaled, decimals, { thousands: section.includes(',') })}${percent ? '%' : ''}`;
}

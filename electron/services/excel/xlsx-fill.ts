import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isDecimalString, normalizeDecimal } from '../../../shared/stats/decimal.js';
import { writeFileAtomically } from './atomic-write.js';
import { parseCellAddress } from './cell-ref.js';
import { patchSheetXml, SheetPatchError, type FillValue, type PositionedFill } from './sheet-xml-patch.js';
import { UserFacingError } from './user-facing-error.js';
import { locateWorkbookParts } from './workbook-parts.js';
import { openXlsxPackage, partEncoding, partText, type XlsxPackage } from './xlsx-package.js';
import { DEFAULT_ZIP_LIMITS, makeEntry, writeZip, type ZipLimits } from './zip-archive.js';

export { type FillValue } from './sheet-xml-patch.js';

/** One value to write into a template: sheet name as shown on its tab, A1 address, value. */
export interface CellFill {
  sheet: string;
  cell: string;
  value: FillValue;
}

/**
 * Fills cells of an .xlsx template and returns the new package. Only the target cells'
 * XML changes (plus `fullCalcOnLoad="1"` in workbook.xml so Excel/WPS recompute dependent
 * formulas on open); every other part keeps its stored bytes, so charts, drawings, comments,
 * validations, conditional formats, defined names, print setup and custom XML survive.
 * Numbers are written as numbers into the cell's existing style, texts as inline strings (the
 * shared string table is left as is). Formula cells and covered cells of merges are refused.
 * @throws UserFacingError naming the file, sheet and cell; nothing is written.
 */
export function fillTemplateBytes(template: Uint8Array, fileName: string, fills: readonly CellFill[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): Buffer {
  const pkg = openXlsxPackage(template, fileName, limits);
  const parts = locateWorkbookParts(pkg);
  const replaced = new Map<string, string>();
  for (const [sheetName, sheetFills] of groupBySheet(fills)) {
    const ref = parts.sheets.find((s) => s.name === sheetName);
    if (ref === undefined) throw new UserFacingError(`模板“${fileName}”中没有名为“${sheetName}”的工作表，请检查映射，未做任何修改。`);
    if (ref.part === null) throw new UserFacingError(`模板“${fileName}”的“${sheetName}”是图表工作表，不能填入数值，未做任何修改。`);
    const xml = partText(pkg, ref.part) ?? '';
    try {
      replaced.set(ref.part, patchSheetXml(xml, sheetFills.map((f) => positioned(f, fileName))));
    } catch (error) {
      if (!(error instanceof SheetPatchError)) throw error;
      const where = error.cell === '' ? '' : `单元格 ${error.cell} `;
      throw new UserFacingError(`模板“${fileName}”的工作表“${sheetName}”${where}${error.reason}，未做任何修改。`);
    }
  }
  if (replaced.size > 0) replaced.set(parts.workbook, setFullCalcOnLoad(partText(pkg, parts.workbook) ?? ''));
  return writePackage(pkg, replaced);
}

/**
 * Fills a template file and writes the result to `outputPath` atomically (temp file + rename),
 * so a failure never leaves a half-written or partially filled file. An existing output file is
 * replaced only once the new one is complete.
 * @throws UserFacingError naming the template; the output path is untouched on error.
 */
export async function fillTemplateFile(templatePath: string, outputPath: string, fills: readonly CellFill[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<void> {
  const fileName = basename(templatePath);
  const info = await stat(templatePath).catch(() => null);
  if (info === null || !info.isFile()) throw new UserFacingError(`找不到模板文件“${fileName}”，请确认路径后再试。`);
  if (info.size > limits.maxArchiveBytes) throw new UserFacingError(`模板“${fileName}”太大，不像是报表模板，未做任何修改。`);
  await writeFileAtomically(outputPath, fillTemplateBytes(await readFile(templatePath), fileName, fills, limits));
}

function groupBySheet(fills: readonly CellFill[]): Map<string, CellFill[]> {
  const bySheet = new Map<string, CellFill[]>();
  for (const fill of fills) bySheet.set(fill.sheet, [...(bySheet.get(fill.sheet) ?? []), fill]);
  return bySheet;
}

function positioned(fill: CellFill, fileName: string): PositionedFill {
  const pos = parseCellAddress(fill.cell);
  if (pos === null) throw new UserFacingError(`模板“${fileName}”的映射中“${fill.sheet}!${fill.cell}”不是有效的单元格地址，未做任何修改。`);
  if (fill.value.kind !== 'number') return { pos, value: fill.value };
  if (!isDecimalString(fill.value.value)) {
    throw new UserFacingError(`要写入“${fill.sheet}!${fill.cell}”的“${fill.value.value}”不是数字，未做任何修改。`);
  }
  return { pos, value: { kind: 'number', value: normalizeDecimal(fill.value.value) } };
}

/**
 * Sets `fullCalcOnLoad="1"` on <calcPr>, adding the element in its schema position when absent
 * (after <definedNames>, before <oleSize> and the rest), so formulas that depend on filled cells
 * are recomputed when the file is opened.
 */
export function setFullCalcOnLoad(workbookXml: string): string {
  const calcPr = /<((?:[\w.-]+:)?)calcPr\b([^>]*?)(\/?)>/.exec(workbookXml);
  if (calcPr !== null) {
    const attrs = calcPr[2] ?? '';
    const updated = /\bfullCalcOnLoad="[^"]*"/.test(attrs)
      ? attrs.replace(/\bfullCalcOnLoad="[^"]*"/, 'fullCalcOnLoad="1"')
      : `${attrs} fullCalcOnLoad="1"`;
    const tag = `<${calcPr[1] ?? ''}calcPr${updated}${calcPr[3] ?? ''}>`;
    return workbookXml.slice(0, calcPr.index) + tag + workbookXml.slice(calcPr.index + calcPr[0].length);
  }
  const prefix = /<((?:[\w.-]+:)?)workbook\b/.exec(workbookXml)?.[1] ?? '';
  const following = /<(?:[\w.-]+:)?(?:oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|<\/(?:[\w.-]+:)?workbook\s*>/.exec(workbookXml);
  const at = following?.index ?? workbookXml.length;
  return `${workbookXml.slice(0, at)}<${prefix}calcPr fullCalcOnLoad="1"/>${workbookXml.slice(at)}`;
}

/** Re-zips the package in its entry order; only `replaced` parts are re-encoded and deflated. */
function writePackage(pkg: XlsxPackage, replaced: ReadonlyMap<string, string>): Buffer {
  const entries = pkg.entries.map((entry) => {
    const text = replaced.get(entry.name);
    if (text === undefined) return entry;
    const encoding = partEncoding(pkg.parts.get(entry.name) ?? new Uint8Array());
    return makeEntry(entry.name, encodePart(text, encoding), entry);
  });
  return writeZip(entries);
}

function encodePart(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Uint8Array {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
}

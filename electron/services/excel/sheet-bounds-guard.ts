import { parseCellAddress, parseRange, MAX_ROWS } from './cell-ref.js';
import { UserFacingError } from './user-facing-error.js';

/** Cells per workbook beyond which a file is refused: far above any template, far below memory limits. */
export const MAX_CELLS = 400_000;

/**
 * Refuses worksheet XML whose addresses lie outside Excel's sheet (dimension, row numbers, cell
 * references, merges) or whose cell count exceeds the budget, before any reader allocates for
 * them: ExcelJS 4.4.0 runs out of memory on a single `<dimension ref="A1:ZZZZ99999999"/>`.
 * A regex pass, much cheaper than parsing, so every reader can afford it.
 * @param budget remaining cells for the whole workbook; decremented.
 * @throws UserFacingError naming the file and the offending address.
 */
export function assertSheetBounds(xml: string, partName: string, fileName: string, budget: { cells: number }): void {
  const refuse = (what: string): never => {
    throw new UserFacingError(`文件“${fileName}”的工作表（部件“${partName}”）中${what}超出 Excel 的范围，疑似恶意或损坏的文件，未做任何修改。`);
  };
  const dimension = /<(?:[\w.-]+:)?dimension\b[^>]*?\bref="([^"]*)"/.exec(xml)?.[1];
  if (dimension !== undefined && parseRange(dimension) === null) refuse(`声明的区域“${dimension}”`);
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?row\b[^>]*?\sr="([^"]*)"/g)) {
    const r = Number(m[1]);
    if (!Number.isInteger(r) || r < 1 || r > MAX_ROWS) refuse(`行号“${m[1] ?? ''}”`);
  }
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?c\b([^>]*?)\/?>/g)) {
    if (--budget.cells < 0) {
      throw new UserFacingError(`文件“${fileName}”的单元格超过 ${MAX_CELLS} 个，不像是报表模板，未做任何修改。`);
    }
    const ref = /\sr="([^"]*)"/.exec(m[1] ?? '')?.[1];
    if (ref !== undefined && parseCellAddress(ref) === null) refuse(`单元格地址“${ref}”`);
  }
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref="([^"]*)"/g)) {
    if (parseRange(m[1] ?? '') === null) refuse(`合并区域“${m[1] ?? ''}”`);
  }
}

import { type Database } from 'better-sqlite3';
import { type ComparisonFigure, type ComparisonRow, type ComparisonView, COMPARISON_FIGURES, COMPARISON_FIGURE_LABELS } from '../../../shared/api/consolidation-api.js';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { periodWords } from '../../../shared/stats/index.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type CsvOutputEncoding, writeCsvBytes } from '../excel/csv-write.js';
import { writeExportFile } from '../excel/export-file.js';
import { figureText, type ShownFigure, shownFigure } from '../templates/form-table.js';
import { type PaperRow, paperSheetXlsx, type PaperTable } from '../templates/paper-sheet.js';
import { comparisonView } from './consolidation-view.js';

/** Arguments of {@link exportComparison}; `outputPath` is absolute. */
export interface ComparisonExportRequest {
  formId: number;
  unitId: number;
  period: string;
  indicatorIds?: number[] | undefined;
  figures: ComparisonFigure[];
  format: 'xlsx' | 'csv';
  encoding: CsvOutputEncoding;
  outputPath: string;
}

const IDEOGRAPHIC_SPACE = '\u3000';

/** The comparison view as a table on paper: 合计 first, units indented by level, the chosen figures per indicator. */
export function comparisonPaper(view: ComparisonView, nodeName: string, figures: readonly ComparisonFigure[]): PaperTable {
  const shown = COMPARISON_FIGURES.filter((f) => figures.includes(f));
  const title = (f: ComparisonFigure): string => (f === 'month' ? view.monthLabel : f === 'cumulative' ? `${view.cumulativeLabel}累计` : COMPARISON_FIGURE_LABELS[f]);
  const header = ['单位', ...view.indicators.flatMap((i) => shown.map((f) => `${i.name}${i.unit && f !== 'share' && f !== 'completion' && f !== 'growth' && f !== 'rank' && f !== 'progressGap' ? `(${i.unit})` : ''} ${title(f)}`))];
  const line = (row: ComparisonRow, label: string, depth: number): PaperRow => ({
    kind: 'line',
    depth,
    alert: false,
    cells: [
      { kind: 'text', display: label },
      ...view.indicators.flatMap((i) =>
        shown.map((f): ShownFigure => {
          const cells = row.cells[i.indicatorId];
          if (!cells) return { kind: 'empty' };
          if (f === 'rank') return cells.rank === null ? { kind: 'empty' } : { kind: 'text', display: `${cells.rank}/${row.siblings}` };
          return shownFigure('cumulative', cells[f]);
        }),
      ),
    ],
  });
  return {
    title: `单位对比（${nodeName}）`,
    info: [`汇总单位：${nodeName}`, `期别：${periodWords(view.period)}（${view.cumulativeLabel}累计）`, `时间进度：${view.timeProgress}%`],
    header,
    align: header.map((_, i) => (i === 0 ? 'left' : 'right')),
    frozenColumns: 1,
    rows: [line(view.total, '合计', 0), ...view.rows.map((row) => line(row, `${IDEOGRAPHIC_SPACE.repeat(row.depth)}${row.name}`, row.depth))],
    foot: view.notes,
  };
}

/**
 * Exports the unit comparison view as shown (the figures' display strings, 合计 first): .xlsx
 * ready to print, or CSV (UTF-8 with BOM, or GBK). Written atomically; an existing file is never
 * replaced ("(2)" is appended).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportComparison(db: Database, request: ComparisonExportRequest): Promise<ExportResult> {
  const view = comparisonView(db, request.formId, request.unitId, request.period, request.indicatorIds);
  const paper = comparisonPaper(view, getUnit(db, request.unitId).name, request.figures);
  const lines = (): string[][] => [
    [paper.title],
    [paper.info.join('\u3000\u3000')],
    paper.header,
    ...paper.rows.map((row) => (row.kind === 'section' ? [row.title] : row.cells.map((c) => figureText(c, false)))),
    ...(paper.foot.length > 0 ? [[], ...paper.foot.map((f) => [f])] : []),
  ];
  return writeExportFile(request.outputPath, request.format, (fileName) =>
    request.format === 'csv' ? writeCsvBytes(lines(), { encoding: request.encoding }) : paperSheetXlsx(paper, '单位对比', fileName),
  );
}

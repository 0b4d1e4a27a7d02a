import { type CompletenessView } from '../../../shared/api/completeness-api.js';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { periodWords } from '../../../shared/stats/index.js';
import { type WorkbookSession } from '../context.js';
import { writeExportFile } from '../excel/export-file.js';
import { type PaperTable, paperSheetXlsx } from '../templates/paper-sheet.js';
import { completenessView } from './completeness-view.js';

const IDEOGRAPHIC_SPACE = '\u3000';

/** "2024-07-05 09:30" from an ISO time, in the clerk's local time. */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The completeness view as a table on paper: one line per unit, not-yet-returned ones in red. */
export function completenessPaper(view: CompletenessView): PaperTable {
  const header = ['单位', '代码', '状态', '应填', '已填', '填报率(%)', '最近上报/撤回'];
  return {
    title: `报送情况（${view.formName}）`,
    info: [`汇总单位：${view.unitName}`, `期别：${periodWords(view.period)}`, ''],
    header,
    align: ['left', 'center', 'center', 'right', 'right', 'right', 'left'],
    frozenColumns: 1,
    rows: view.rows.map((r) => ({
      kind: 'line',
      depth: r.depth,
      alert: !r.consolidated && (r.status === 'empty' || r.status === 'returned'),
      cells: [
        { kind: 'text', display: `${IDEOGRAPHIC_SPACE.repeat(r.depth)}${r.name}${r.consolidated ? '（汇总）' : ''}` },
        { kind: 'text', display: r.code },
        { kind: 'text', display: r.label },
        { kind: 'number', display: String(r.required), value: String(r.required), decimals: 0, grouped: false },
        { kind: 'number', display: String(r.filled), value: String(r.filled), decimals: 0, grouped: false },
        r.fillRate === null ? { kind: 'empty' } : { kind: 'number', display: r.fillRate, value: r.fillRate, decimals: 1, grouped: false },
        r.lastAction === null ? { kind: 'empty' } : { kind: 'text', display: `${r.lastAction.action === 'submit' ? '上报' : '撤回'} ${localTime(r.lastAction.at)}${r.lastAction.user ? ` ${r.lastAction.user}` : ''}` },
      ],
    })),
    foot: view.notes,
  };
}

/**
 * Exports the completeness view as .xlsx ready to print (the form's paper layout), atomically;
 * an existing file is never replaced ("(2)" is appended).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportCompleteness(session: WorkbookSession, formId: number, unitId: number, period: string, outputPath: string): Promise<ExportResult> {
  const paper = completenessPaper(completenessView(session, formId, unitId, period));
  return writeExportFile(outputPath, 'xlsx', (fileName) => paperSheetXlsx(paper, '报送情况', fileName));
}

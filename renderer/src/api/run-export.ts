import { type FilePurpose } from '../../../shared/api/files-api.js';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { exportTarget, fileNameOf, isBrowserHost, startDownload } from './files.js';

/** What an export wrote, and the sentence that says so (with the host's notes, e.g. "已另存为…"). */
export interface ExportDone {
  /** For `<ExportedFiles>`: 打开 / 打开所在文件夹 on the desktop, the download link in the browser. */
  files: string[];
  message: string;
}

/**
 * One export, handed over the same way in every dialog. Asks where it goes (desktop: the save
 * dialog of `purpose`, suggesting `name`, or the folder dialog for `exportFolder`; browser: `name`
 * itself, a file or folder in the data folder), lets
 * `write` call the export channel with that path, and hands over what the host wrote: the browser
 * downloads it at once (several files as one .zip); on the desktop the caller shows the answer's
 * `files` with `<ExportedFiles>`.
 * @returns null when the clerk cancels the dialog (nothing written)
 * @throws ApiError with the host's Chinese message
 */
export async function runExport(
  purpose: FilePurpose,
  name: string,
  write: (outputPath: string) => Promise<ExportResult>,
  said = '已导出',
): Promise<ExportDone | null> {
  const outputPath = await exportTarget(purpose, name.trim());
  if (outputPath === null) return null;
  const result = await write(outputPath);
  if (isBrowserHost()) startDownload(result.files);
  return { files: result.files, message: [writtenSentence(said, result.files), ...result.notes].join(' ') };
}

/**
 * "已导出：月报.xlsx", or for a batch "已导出 12 个文件：a.xlsx；b.xlsx；c.xlsx 等". Names, not paths:
 * the browser's host folder means nothing to the clerk, and the desktop offers 打开所在文件夹.
 */
function writtenSentence(said: string, files: readonly string[]): string {
  const names = files.map(fileNameOf);
  if (names.length <= 1) return `${said}：${names.join('')}`;
  const shown = names.slice(0, 3).join('；');
  return `${said} ${names.length} 个文件：${shown}${names.length > 3 ? ' 等' : ''}`;
}

/** The title of an export's file-name box: where the file goes on this host. */
export function exportNameHint(): string {
  return isBrowserHost() ? '文件名（导出后下载）' : '文件名（点“导出…”后选择保存位置）';
}

/** An export button's label: the desktop's asks where next (a dialog follows, hence "…"). */
export function exportLabel(label = '导出'): string {
  return isBrowserHost() ? label : `${label}…`;
}

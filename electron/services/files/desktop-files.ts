import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type Envelope } from '../../../shared/api/channel.js';
import { type FilePurpose, type PickedFile } from '../../../shared/api/files-api.js';
import { type RecentWorkbook } from '../../../shared/api/workbook-api.js';
import { type AppContext } from '../context.js';
import { dispatch, type FaultLogger } from '../handlers.js';
import { UserFacingError } from '../user-facing-error.js';
import { WORKBOOK_EXTENSION } from '../workbook/workbook-file.js';
import { confineChannelPaths, type PATH_KEYS, RETURN_FILES, TEMPLATE_FILES } from './channel-paths.js';
import { FileHandles } from './file-handles.js';

const EXPORT_FILE: readonly FilePurpose[] = ['exportXlsx', 'exportCsv'];

/**
 * Which handles each channel takes at each path key: a template chosen for 注册模板 cannot be
 * passed as the target of 新建工作簿 (which would overwrite it). Keys not listed take none.
 */
export const HANDLE_PURPOSES: Readonly<Record<string, Partial<Record<(typeof PATH_KEYS)[number], readonly FilePurpose[]>>>> = {
  'workbook:create': { path: ['workbookCreate'] },
  'workbook:createDemo': { path: ['workbookCreate'] },
  'workbook:open': { path: ['workbookOpen'] },
  'backups:inspectDamage': { path: ['workbookOpen'] },
  'backups:restoreNewestGood': { path: ['workbookOpen'] },
  'backups:setFolder': { path: ['backupFolder'] },
  'templates:register': { path: ['template'] },
  'templates:replaceFile': { path: ['template'] },
  'templates:export': { outputDir: ['exportFolder'] },
  'imports:preview': { paths: ['returns'] },
  'projects:preview': { path: ['sheet', 'returns'] },
  'projects:import': { path: ['sheet', 'returns'] },
  'roster:preview': { path: ['sheet', 'returns'] },
  'roster:import': { path: ['sheet', 'returns'] },
  'exports:formView': { outputPath: EXPORT_FILE },
  'exports:yearView': { outputPath: EXPORT_FILE },
  'consolidation:export': { outputPath: EXPORT_FILE },
  'projects:export': { outputPath: EXPORT_FILE },
  'roster:export': { outputPath: EXPORT_FILE },
  'audit:export': { outputPath: EXPORT_FILE },
  'completeness:export': { outputPath: EXPORT_FILE },
  'narrative:export': { outputPath: ['exportTxt', 'exportDocx'] },
  'charts:savePng': { outputPath: ['exportPng'] },
  'print:pdf': { outputPath: ['exportPdf'] },
};

/** The desktop host's native file glue, as the main process provides it (electron/main/file-dialogs.ts). */
export interface HostFiles {
  readonly handles: FileHandles;
  /** Runs the purpose's native dialog: the chosen paths, or null when cancelled. */
  pick(purpose: FilePurpose, suggestedName?: string): Promise<string[] | null>;
  /** Opens a file with its program, or shows it selected in its folder. */
  reveal(path: string, action: 'open' | 'folder'): Promise<void>;
  /** The window's page as printed (print stylesheet, A4 landscape), as PDF bytes. */
  printToPdf?: () => Promise<Buffer>;
}

/** The `files` of an export's result, when the value is one. */
function writtenFiles(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || !('files' in value)) return [];
  const { files } = value;
  return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
}

/**
 * {@link dispatch} for the desktop shell. Every path the page sends is either a handle the host
 * issued from its own dialog for a purpose the channel accepts (replaced by its path), or a plain
 * name kept inside the data folder exactly as in the browser host; a forged handle is refused with
 * nothing touched. After the call, the files an export wrote are noted (so 打开 may open them) and
 * the recent-workbooks list goes out with handles in place of paths.
 */
export async function dispatchWithHandles(ctx: AppContext, files: HostFiles, channel: string, arg: unknown, logFault?: FaultLogger): Promise<Envelope<unknown>> {
  let resolved: unknown;
  try {
    resolved = confineChannelPaths(ctx.dataDir, channel, arg, (value, key) => {
      if (!FileHandles.looksLikeHandle(value)) return undefined;
      return files.handles.resolve(value, HANDLE_PURPOSES[channel]?.[key] ?? []);
    });
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: { message: error.message } };
    throw error;
  }
  const envelope = await dispatch(ctx, channel, resolved, logFault);
  if (!envelope.ok) return envelope;
  files.handles.recordWritten(writtenFiles(envelope.value));
  if (channel === 'workbook:recent') {
    const recent = envelope.value as RecentWorkbook[];
    return { ok: true, value: recent.map((entry) => ({ ...entry, path: files.handles.issue(entry.path, 'workbookOpen'), shownPath: entry.path })) };
  }
  return envelope;
}

/** The channel the preload uses for a file dropped on the window (not part of the page's contract). */
export const DROP_CHANNEL = 'statbench:droppedFile';

/** What a dropped file may be, by purpose: the extensions the channels that take it accept. */
// A function: the extension lists come from modules that import this one's dependants.
const droppable = (purpose: string): { what: string; extensions: readonly string[] } | undefined =>
  ({
    template: { what: '模板文件', extensions: TEMPLATE_FILES },
    returns: { what: '报表文件', extensions: RETURN_FILES },
    sheet: { what: '表格文件', extensions: RETURN_FILES },
    workbookOpen: { what: '工作簿', extensions: [WORKBOOK_EXTENSION] },
  })[purpose];

/**
 * A handle for a file the clerk dropped onto the window, where a file of `purpose` is expected.
 * The path comes from the preload's `webUtils.getPathForFile` (the page cannot call this channel),
 * and is still checked: an existing file, with an extension the purpose takes.
 * @throws UserFacingError naming the file
 */
export function adoptDroppedFile(files: HostFiles, path: unknown, purpose: unknown): PickedFile {
  const rule = typeof purpose === 'string' ? droppable(purpose) : undefined;
  if (typeof path !== 'string' || path === '' || rule === undefined) throw new UserFacingError('这里不能放入文件。请用“浏览…”选择文件。');
  const name = basename(path);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // Reported below.
  }
  if (!isFile) throw new UserFacingError(`“${name}”不是文件（可能是文件夹或已被移走），未读取。请放入${rule.what}。`);
  if (!rule.extensions.includes(extname(name).toLowerCase())) throw new UserFacingError(`“${name}”不是${rule.what}（应为 ${rule.extensions.join('、')} 文件），未读取。`);
  return { handle: files.handles.issue(path, purpose as FilePurpose), name };
}

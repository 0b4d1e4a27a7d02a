import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { type BrowserWindow, dialog, shell } from 'electron';
import { type FilePurpose } from '../../shared/api/files-api.js';
import { RETURN_FILES, TEMPLATE_FILES } from '../services/files/channel-paths.js';
import { type HostFiles } from '../services/files/desktop-files.js';
import { FileHandles } from '../services/files/file-handles.js';
import { UserFacingError } from '../services/user-facing-error.js';
import { WORKBOOK_EXTENSION } from '../services/workbook/workbook-file.js';

/** One native dialog: what it asks for, its title and its filter. */
interface DialogSpec {
  kind: 'open' | 'openMany' | 'folder' | 'save';
  title: string;
  /** Filter name and extensions without the dot; none for a folder. */
  filter?: { name: string; extensions: readonly string[] };
}

const bare = (extensions: readonly string[]): string[] => extensions.map((e) => e.replace(/^\./, ''));

/** The dialog of each purpose (titles and filters in Chinese, as the clerk's Windows shows them). */
export const DIALOGS: Readonly<Record<FilePurpose, DialogSpec>> = {
  workbookOpen: { kind: 'open', title: '打开工作簿', filter: { name: '统计工作台工作簿', extensions: bare([WORKBOOK_EXTENSION]) } },
  workbookCreate: { kind: 'save', title: '新建工作簿', filter: { name: '统计工作台工作簿', extensions: bare([WORKBOOK_EXTENSION]) } },
  template: { kind: 'open', title: '选择报表模板', filter: { name: 'Excel/WPS 表格', extensions: bare(TEMPLATE_FILES) } },
  returns: { kind: 'openMany', title: '选择填好的报表（可多选）', filter: { name: '报表文件', extensions: bare(RETURN_FILES) } },
  sheet: { kind: 'open', title: '选择表格文件', filter: { name: 'Excel/WPS 表格或 CSV', extensions: bare(RETURN_FILES) } },
  exportFolder: { kind: 'folder', title: '选择导出文件夹' },
  backupFolder: { kind: 'folder', title: '选择备份位置' },
  exportXlsx: { kind: 'save', title: '导出为 Excel 工作簿', filter: { name: 'Excel 工作簿', extensions: ['xlsx'] } },
  exportCsv: { kind: 'save', title: '导出为 CSV 文本', filter: { name: 'CSV 文本', extensions: ['csv'] } },
  exportTxt: { kind: 'save', title: '导出为文本文件', filter: { name: '文本文件', extensions: ['txt'] } },
  exportDocx: { kind: 'save', title: '导出为 Word 文档', filter: { name: 'Word 文档', extensions: ['docx'] } },
  exportPng: { kind: 'save', title: '保存图表图片', filter: { name: 'PNG 图片', extensions: ['png'] } },
  exportPdf: { kind: 'save', title: '导出为 PDF', filter: { name: 'PDF 文件', extensions: ['pdf'] } },
};

const FOLDERS_FILE = 'dialog-folders.json';

function readFolders(configDir: string): Partial<Record<FilePurpose, string>> {
  try {
    return JSON.parse(readFileSync(join(configDir, FOLDERS_FILE), 'utf8')) as Partial<Record<FilePurpose, string>>;
  } catch {
    // First use, or an unreadable file: every dialog starts in the data folder.
    return {};
  }
}

function rememberFolder(configDir: string, purpose: FilePurpose, folder: string): void {
  try {
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, FOLDERS_FILE), JSON.stringify({ ...readFolders(configDir), [purpose]: folder }));
  } catch {
    // Only the convenience is lost: the next dialog opens in the data folder.
  }
}

/**
 * The desktop's {@link HostFiles}: native dialogs (each purpose starting in the folder last used
 * for it, else the data folder), and shell open/show on files the host wrote.
 */
export function createHostFiles(window: () => BrowserWindow | null, dataDir: string, configDir: string): HostFiles {
  return {
    handles: new FileHandles(),
    async pick(purpose, suggestedName) {
      const win = window();
      if (!win) return null;
      const spec = DIALOGS[purpose];
      const folder = readFolders(configDir)[purpose] ?? dataDir;
      const filters = spec.filter ? [{ name: spec.filter.name, extensions: [...spec.filter.extensions] }] : [];
      let chosen: string[];
      if (spec.kind === 'save') {
        // Only a suggestion shown in the dialog: its folder part, if any, is dropped.
        const name = basename(suggestedName ?? '') || '未命名';
        const ext = spec.filter?.extensions[0];
        const defaultPath = join(folder, ext && extname(name).toLowerCase() !== `.${ext}` ? `${name}.${ext}` : name);
        const result = await dialog.showSaveDialog(win, { title: spec.title, defaultPath, filters, properties: ['showOverwriteConfirmation'] });
        chosen = result.canceled || !result.filePath ? [] : [result.filePath];
      } else {
        const properties: ('openFile' | 'openDirectory' | 'multiSelections' | 'createDirectory')[] =
          spec.kind === 'folder' ? ['openDirectory', 'createDirectory'] : spec.kind === 'openMany' ? ['openFile', 'multiSelections'] : ['openFile'];
        const result = await dialog.showOpenDialog(win, { title: spec.title, defaultPath: folder, filters, properties });
        chosen = result.canceled ? [] : result.filePaths;
      }
      const [first] = chosen;
      if (first === undefined) return null;
      rememberFolder(configDir, purpose, spec.kind === 'folder' ? first : dirname(first));
      return chosen;
    },
    async printToPdf() {
      const win = window();
      if (!win) throw new UserFacingError('窗口已关闭，未导出 PDF。');
      // The page's print stylesheet sets A4 landscape (@page); Chromium lays it out as it prints.
      return win.webContents.printToPDF({ landscape: true, pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    },
    async reveal(path, action) {
      if (action === 'folder') {
        shell.showItemInFolder(path);
        return;
      }
      const failure = await shell.openPath(path);
      if (failure !== '') throw new UserFacingError(`无法打开“${basename(path)}”：没有能打开 ${extname(path)} 文件的程序，或文件已被移走。请安装 WPS 或 Excel，或点“打开所在文件夹”。`);
    },
  };
}

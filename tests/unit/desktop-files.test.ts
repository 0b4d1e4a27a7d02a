import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Envelope } from '../../shared/api/channel.js';
import { api } from '../../shared/api/contract.js';
import { type TemplateBindingInput } from '../../shared/api/template-api.js';
import { type FilePurpose, type PickedFile } from '../../shared/api/files-api.js';
import { type RecentWorkbook } from '../../shared/api/workbook-api.js';
import { DIALOGS, createHostFiles } from '../../electron/main/file-dialogs.js';
import { type IpcInvokeEvent, type IpcMainLike, registerIpc } from '../../electron/main/ipc.js';
import { APP_ORIGIN } from '../../electron/main/security.js';
import { DROP_CHANNEL, HANDLE_PURPOSES } from '../../electron/services/files/desktop-files.js';
import { writeStarterLikeTemplate } from '../fixtures/starter-like-template.js';
import { BrowserWindow, dialog, shell } from '../stubs/electron.js';
import { makeTempDir, makeTestHost, type TestHost } from '../support/test-host.js';

type Listener = (event: IpcInvokeEvent, arg: unknown) => Promise<unknown>;

/** An ipcMain that keeps the listeners so the test can deliver messages as Electron would. */
class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.listeners.set(channel, listener);
  }
  async deliver(channel: string, arg: unknown, senderUrl = `${APP_ORIGIN}/index.html`): Promise<Envelope<unknown>> {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return (await listener({ senderFrame: { url: senderUrl } }, arg)) as Envelope<unknown>;
  }
  /** The value of a call that must succeed. */
  async value<T>(channel: string, arg: unknown): Promise<T> {
    const envelope = await this.deliver(channel, arg);
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
    return envelope.value as T;
  }
  /** The message of a call that must be refused. */
  async refusal(channel: string, arg: unknown): Promise<string> {
    const envelope = await this.deliver(channel, arg);
    if (envelope.ok) throw new Error(`${channel} was not refused`);
    return envelope.error.message;
  }
}

/** The options each native dialog was opened with, in order. */
interface Shown {
  kind: 'open' | 'save';
  options: Record<string, unknown>;
}

describe('desktop: every file comes from a native dialog as a handle', () => {
  let host: TestHost;
  let ipc: FakeIpcMain;
  /** A folder outside the data folder, as a clerk's D:\统计 would be. */
  let elsewhere: string;
  let shown: Shown[];
  /** What the next dialog answers (the clerk's choice). */
  let answer: string[];

  beforeEach(() => {
    host = makeTestHost();
    elsewhere = makeTempDir();
    shown = [];
    answer = [];
    const window = new BrowserWindow();
    host.ctx.host = 'desktop';
    host.ctx.files = createHostFiles(() => window as never, host.dir, join(host.dir, '.config'));
    vi.spyOn(dialog, 'showOpenDialog').mockImplementation((_w, options) => {
      shown.push({ kind: 'open', options });
      return Promise.resolve({ canceled: answer.length === 0, filePaths: answer });
    });
    vi.spyOn(dialog, 'showSaveDialog').mockImplementation((_w, options) => {
      shown.push({ kind: 'save', options });
      return Promise.resolve(answer[0] === undefined ? { canceled: true } : { canceled: false, filePath: answer[0] });
    });
    ipc = new FakeIpcMain();
    registerIpc(ipc, host.ctx);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    host.dispose();
  });

  /** The clerk picks `paths` in the purpose's dialog; answers the handles the page receives. */
  async function pick(purpose: FilePurpose, paths: string[], suggestedName?: string): Promise<string[]> {
    answer = paths;
    const picked = await ipc.value<PickedFile[]>('files:pick', { purpose, suggestedName });
    expect(picked.map((p) => p.name)).toEqual(paths.map((p) => basename(p)));
    // The page never sees a path, only opaque handles.
    for (const p of picked) for (const path of paths) expect(p.handle).not.toContain(dirname(path));
    return picked.map((p) => p.handle);
  }

  async function workbookWithTemplate(): Promise<{ templateHandle: string; templateId: number; formId: number; unitId: number }> {
    const [create] = await pick('workbookCreate', [join(elsewhere, '2023年.statbench')]);
    await ipc.value('workbook:create', { path: create, starterCatalog: true });
    expect(existsSync(join(elsewhere, '2023年.statbench'))).toBe(true);
    const templatePath = join(elsewhere, '县里下发', '园区月报.xlsx');
    mkdirSync(dirname(templatePath), { recursive: true });
    await writeStarterLikeTemplate(templatePath);
    const [templateHandle = ''] = await pick('template', [templatePath]);
    const { id: templateId } = await ipc.value<{ id: number }>('templates:register', { path: templateHandle });
    const { form } = await ipc.value<{ form: { id: number } }>('catalog:get', {});
    const [unit] = await ipc.value<{ id: number }[]>('units:list', undefined);
    return { templateHandle, templateId, formId: form.id, unitId: unit?.id ?? 0 };
  }

  it('creates, opens and registers through dialogs, wherever the clerk chose, and remembers each folder', async () => {
    const { templateId } = await workbookWithTemplate();
    expect(templateId).toBeGreaterThan(0);
    expect(shown.map((s) => s.options.title)).toEqual(['新建工作簿', '选择报表模板']);
    expect(shown[1]?.options.filters).toEqual([{ name: 'Excel/WPS 表格', extensions: expect.arrayContaining(['xlsx', 'xls', 'et']) as unknown }]);
    // The first dialog of a purpose starts in the data folder; the next starts where the last one ended.
    expect(shown[1]?.options.defaultPath).toBe(host.dir);
    await pick('template', [join(elsewhere, '县里下发', '园区月报.xlsx')]);
    expect(shown.at(-1)?.options.defaultPath).toBe(join(elsewhere, '县里下发'));
    const [open] = await pick('workbookOpen', [join(elsewhere, '2023年.statbench')]);
    expect(shown.at(-1)?.options.defaultPath).toBe(host.dir);
    expect(await ipc.value<{ name: string }>('workbook:open', { path: open })).toMatchObject({ name: '2023年.statbench' });
  });

  it('exports into the file or folder chosen in a save/folder dialog, then opens only what it wrote', async () => {
    const { templateId, formId, unitId } = await workbookWithTemplate();
    const [target] = await pick('exportXlsx', [join(elsewhere, '报送', '11月月报.xlsx')], '园区月报 2023-11');
    expect(shown.at(-1)).toMatchObject({ kind: 'save', options: { title: '导出为 Excel 工作簿', defaultPath: join(host.dir, '园区月报 2023-11.xlsx') } });
    mkdirSync(join(elsewhere, '报送'), { recursive: true });
    const result = await ipc.value<{ files: string[] }>('exports:formView', { formId, unitId, period: '2023-11', format: 'xlsx', outputPath: target });
    expect(result.files).toEqual([join(elsewhere, '报送', '11月月报.xlsx')]);

    const [folder] = await pick('exportFolder', [join(elsewhere, '填好的模板')]);
    mkdirSync(join(elsewhere, '填好的模板'));
    const proposals = await ipc.value<TemplateBindingInput[]>('templates:autoMap', { templateId, formId });
    const bindings = proposals.map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
    await ipc.value('templates:saveBindings', { templateId, bindings });
    const filled = await ipc.value<{ files: string[] }>('templates:export', { templateId, unitIds: [unitId], period: '2023-11', outputDir: folder });
    expect(readdirSync(join(elsewhere, '填好的模板'))).toEqual(filled.files.map((f) => basename(f)));

    const [returns = ''] = await pick('returns', filled.files);
    const preview = await ipc.value<{ files: unknown[] }>('imports:preview', { templateId, paths: [returns], period: '2023-11', unitId });
    expect(preview.files).toHaveLength(1);

    const opened = vi.spyOn(shell, 'openPath');
    const inFolder = vi.spyOn(shell, 'showItemInFolder');
    await ipc.value('files:reveal', { file: result.files[0], action: 'open' });
    await ipc.value('files:reveal', { file: filled.files[0], action: 'folder' });
    expect(opened.mock.calls).toEqual([[result.files[0]]]);
    expect(inFolder.mock.calls).toEqual([[filled.files[0]]]);
    // A path the page names that the host did not write is never handed to the shell.
    expect(await ipc.refusal('files:reveal', { file: join(elsewhere, '县里下发', '园区月报.xlsx'), action: 'open' })).toMatch(/只能打开本程序刚导出的文件/);
    expect(await ipc.refusal('files:reveal', { file: 'C:\\Windows\\System32\\cmd.exe', action: 'open' })).toMatch(/只能打开本程序刚导出的文件/);
    expect(opened).toHaveBeenCalledTimes(1);
  });

  it('refuses a forged handle, a handle of another purpose and a path outside the data folder: nothing written', async () => {
    const { templateHandle, formId, unitId } = await workbookWithTemplate();
    const before = readdirSync(elsewhere).sort();
    const forged = `sbfile:${'0'.repeat(32)}`;
    expect(await ipc.refusal('workbook:create', { path: forged, starterCatalog: true })).toMatch(/已失效.*请重新点“浏览…”选择文件/);
    expect(await ipc.refusal('exports:formView', { formId, unitId, period: '2023-11', format: 'xlsx', outputPath: forged })).toMatch(/已失效/);
    expect(await ipc.refusal('imports:preview', { templateId: 1, paths: [forged], period: '2023-11' })).toMatch(/已失效/);
    // The template chosen for 注册模板 cannot become the target of 新建工作簿 or an export.
    expect(await ipc.refusal('workbook:create', { path: templateHandle, starterCatalog: true })).toMatch(/不能用于这项操作/);
    expect(await ipc.refusal('exports:formView', { formId, unitId, period: '2023-11', format: 'xlsx', outputPath: templateHandle })).toMatch(/不能用于这项操作/);
    // A typed path is a name in the data folder, as in the browser host.
    expect(await ipc.refusal('workbook:create', { path: join(elsewhere, 'Startup', 'run.bat') })).toMatch(/不在数据文件夹/);
    expect(readdirSync(elsewhere).sort()).toEqual(before);
    // A name in the data folder still works without a dialog (新建 with the typed name).
    expect(await ipc.value<{ name: string }>('workbook:create', { path: '另一个', starterCatalog: false })).toMatchObject({ name: '另一个.statbench' });
  });

  it('saves the printed page as a PDF where the clerk chose (printToPDF, A4 landscape) and opens it', async () => {
    await workbookWithTemplate();
    const [target] = await pick('exportPdf', [join(elsewhere, '月报.pdf')], '园区月报');
    expect(shown.at(-1)?.options).toMatchObject({ title: '导出为 PDF', filters: [{ name: 'PDF 文件', extensions: ['pdf'] }] });
    const result = await ipc.value<{ files: string[] }>('print:pdf', { outputPath: target });
    expect(result.files).toEqual([join(elsewhere, '月报.pdf')]);
    expect(readFileSync(join(elsewhere, '月报.pdf'), 'latin1')).toMatch(/^%PDF-/);
    const window = BrowserWindow.instances.at(-1);
    expect(window?.webContents.printed.at(-1)).toMatchObject({ landscape: true, pageSize: 'A4', preferCSSPageSize: true });
    const opened = vi.spyOn(shell, 'openPath');
    await ipc.value('files:reveal', { file: result.files[0], action: 'open' });
    expect(opened).toHaveBeenCalledWith(join(elsewhere, '月报.pdf'));
    // An .xlsx handle cannot be the PDF's target, nor can a forged one.
    const [xlsx] = await pick('exportXlsx', [join(elsewhere, '表.xlsx')]);
    expect(await ipc.refusal('print:pdf', { outputPath: xlsx })).toMatch(/不能用于这项操作/);
    expect(await ipc.refusal('print:pdf', { outputPath: `sbfile:${'f'.repeat(32)}` })).toMatch(/已失效/);
  });

  it('a cancelled dialog answers null and issues nothing', async () => {
    expect(await ipc.value('files:pick', { purpose: 'exportFolder' })).toBeNull();
    expect(shown[0]).toMatchObject({ kind: 'open', options: { title: '选择导出文件夹', properties: ['openDirectory', 'createDirectory'] } });
    expect(await ipc.value('dialog:pickWorkbook', { mode: 'open' })).toBeNull();
  });

  it('every channel that takes a path takes a dialog handle on the desktop', () => {
    const keys = ['path', 'paths', 'outputPath', 'outputDir'];
    const taking = Object.entries(api).flatMap(([channel, { input }]) => {
      const shape = (input as { shape?: Record<string, unknown> }).shape ?? {};
      return keys.filter((key) => key in shape).map((key) => `${channel} ${key}`);
    });
    expect(taking.length).toBeGreaterThan(10);
    // workbook:demoStatus only asks whether the named demo exists in the data folder.
    const withoutHandles = taking.filter((entry) => {
      const [channel = '', key = ''] = entry.split(' ');
      return (HANDLE_PURPOSES[channel] as Record<string, unknown> | undefined)?.[key] === undefined;
    });
    expect(withoutHandles).toEqual(['workbook:demoStatus path']);
  });

  it('every purpose has a Chinese dialog title', () => {
    for (const spec of Object.values(DIALOGS)) expect(spec.title).toMatch(/^[\u4e00-\u9fa5（）]+/);
  });

  it('hands the recent workbooks out as handles that open them', async () => {
    const [create] = await pick('workbookCreate', [join(elsewhere, '上年.statbench')]);
    await ipc.value('workbook:create', { path: create });
    await ipc.value('workbook:close', undefined);
    const [recent] = await ipc.value<RecentWorkbook[]>('workbook:recent', undefined);
    expect(recent).toMatchObject({ name: '上年.statbench', shownPath: join(elsewhere, '上年.statbench') });
    expect(recent?.path).toMatch(/^sbfile:/);
    expect(await ipc.value<{ name: string }>('workbook:open', { path: recent?.path })).toMatchObject({ name: '上年.statbench' });
  });

  it('a file dropped on the window becomes a handle where a file of that kind is expected', async () => {
    const dropped = join(elsewhere, '返回.xlsx');
    writeFileSync(dropped, 'x');
    const envelope = await ipc.deliver(DROP_CHANNEL, { path: dropped, purpose: 'returns' });
    expect(envelope).toMatchObject({ ok: true, value: { name: '返回.xlsx', handle: expect.stringMatching(/^sbfile:/) as unknown } });
    writeFileSync(join(elsewhere, 'run.bat'), 'x');
    expect(await ipc.refusal(DROP_CHANNEL, { path: join(elsewhere, 'run.bat'), purpose: 'returns' })).toMatch(/“run\.bat”不是报表文件/);
    expect(await ipc.refusal(DROP_CHANNEL, { path: '', purpose: 'returns' })).toMatch(/这里不能放入文件/);
    expect(await ipc.refusal(DROP_CHANNEL, { path: dropped, purpose: 'exportXlsx' })).toMatch(/这里不能放入文件/);
    expect(await ipc.refusal(DROP_CHANNEL, { path: elsewhere, purpose: 'returns' })).toMatch(/不是文件/);
    expect(await ipc.deliver(DROP_CHANNEL, { path: dropped, purpose: 'returns' }, 'https://evil.example/')).toEqual({ ok: false, error: { message: '拒绝来自未知页面的请求。' } });
  });
});

describe('the browser host has no dialogs: files come by upload, PDFs from its print dialog', () => {
  it('answers files:pick with null and refuses files:reveal and print:pdf in Chinese, writing nothing', async () => {
    const host = makeTestHost();
    try {
      await host.call('workbook:create', { path: '浏览器' });
      expect(await host.call('files:pick', { purpose: 'template' })).toBeNull();
      expect(await host.refusal('files:reveal', { file: join(host.dir, '浏览器.statbench'), action: 'open' })).toMatch(/浏览器版不能直接打开文件/);
      expect(await host.refusal('print:pdf', { outputPath: '月报.pdf' })).toMatch(/另存为 PDF/);
      expect(existsSync(join(host.dir, '月报.pdf'))).toBe(false);
    } finally {
      host.dispose();
    }
  });
});

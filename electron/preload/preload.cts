// Sandboxed preloads must be CommonJS; this exposes exactly one object to the page.
import electron = require('electron');

const { contextBridge, ipcRenderer, webUtils } = electron;

const EVENTS = new Set(['workbook:saved', 'job:progress']);
// The main process's own channels (a dropped file's path): the page reaches them only through dropFile.
const INTERNAL_PREFIX = 'statbench:';
const DROP_CHANNEL = 'statbench:droppedFile';

contextBridge.exposeInMainWorld('statbench', {
  invoke: (channel: string, arg: unknown): Promise<unknown> => {
    const name = String(channel);
    if (name.startsWith(INTERNAL_PREFIX)) return Promise.resolve({ ok: false, error: { message: `未知的操作：${name}` } });
    return ipcRenderer.invoke(name, arg);
  },
  /**
   * A file dropped on the window, for a purpose ('template', 'returns', 'workbookOpen'): its path,
   * which only the preload can read, goes to the main process, and the page gets back a handle.
   * A File the page made itself has no path and is refused there.
   */
  dropFile: (file: File, purpose: string): Promise<unknown> => ipcRenderer.invoke(DROP_CHANNEL, { path: webUtils.getPathForFile(file), purpose: String(purpose) }),
  on: (event: string, callback: (payload: unknown) => void): (() => void) => {
    if (!EVENTS.has(event)) return () => undefined;
    const listener = (_e: electron.IpcRendererEvent, payload: unknown): void => callback(payload);
    ipcRenderer.on(event, listener);
    return () => ipcRenderer.removeListener(event, listener);
  },
});

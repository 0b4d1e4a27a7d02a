// Sandboxed preloads must be CommonJS; this exposes exactly one object to the page.
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const EVENTS = new Set(['workbook:saved', 'job:progress']);

contextBridge.exposeInMainWorld('statbench', {
  invoke: (channel: string, arg: unknown): Promise<unknown> => ipcRenderer.invoke(String(channel), arg),
  on: (event: string, callback: (payload: unknown) => void): (() => void) => {
    if (!EVENTS.has(event)) return () => undefined;
    const listener = (_e: electron.IpcRendererEvent, payload: unknown): void => callback(payload);
    ipcRenderer.on(event, listener);
    return () => ipcRenderer.removeListener(event, listener);
  },
});

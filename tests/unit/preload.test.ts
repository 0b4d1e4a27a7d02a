import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as electronStub from '../stubs/electron.js';
import { contextBridge, ipcRenderer } from '../stubs/electron.js';

interface ExposedApi {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

describe('preload: exposes exactly one object to the page', () => {
  let exposed: ExposedApi;
  beforeAll(() => {
    // Vite cannot load a CommonJS .cts module, so compile it as tsc does and run
    // it with a require() that knows only 'electron' (the stub), like a sandboxed preload.
    const source = readFileSync(new URL('../../electron/preload/preload.cts', import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    const sandboxRequire = (name: string): unknown => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require '${name}'`);
      return electronStub;
    };
    const module = { exports: {} };
    runInNewContext(outputText, { require: sandboxRequire, module, exports: module.exports });
    exposed = contextBridge.exposed.get('statbench') as ExposedApi;
  });

  it('exposes window.statbench with invoke and on only, never ipcRenderer', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['statbench']);
    expect(Object.keys(exposed).sort()).toEqual(['dropFile', 'invoke', 'on']);
  });

  it('forwards invoke to ipcRenderer.invoke', async () => {
    await exposed.invoke('catalog:get', {});
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: 'catalog:get', arg: {} });
  });

  it('subscribes only to the contract’s events, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = exposed.on('workbook:saved', (payload) => seen.push(payload));
    ipcRenderer.emit('workbook:saved', {}, { savedAt: 'x' });
    expect(seen).toEqual([{ savedAt: 'x' }]);
    off();
    ipcRenderer.emit('workbook:saved', {}, { savedAt: 'y' });
    expect(seen).toHaveLength(1);

    exposed.on('ELECTRON_BROWSER_WINDOW_ALERT', () => seen.push('leak'));
    expect(ipcRenderer.listeners.has('ELECTRON_BROWSER_WINDOW_ALERT')).toBe(false);
  });
});

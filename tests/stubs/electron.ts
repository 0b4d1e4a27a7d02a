/**
 * A minimal stand-in for the 'electron' module, for unit tests of the thin
 * main-process glue only (vitest.config.ts aliases 'electron' here in the unit
 * project). The Electron binary cannot be downloaded on the build machines, so
 * this records what the glue asks of Electron instead of doing it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (...args: never[]) => unknown;

/** Just enough of Node's EventEmitter for `app.on`, `webContents.on` and friends. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Calls the listeners of `event` (test helper). */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

class StubApp extends Emitter {
  quitCalled = false;
  getPath(name: string): string {
    return join(tmpdir(), 'statbench-electron-stub', name);
  }
  getVersion(): string {
    return '0.0.0-stub';
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalled = true;
  }
}
export const app = new StubApp();

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class StubIpcMain extends Emitter {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    // Electron throws on a second handler for one channel; so does the stub.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new StubIpcMain();

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class StubWebContents extends Emitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  readonly printed: Record<string, unknown>[] = [];
  /** Records the options; answers a minimal PDF's bytes. */
  printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    this.printed.push(options);
    return Promise.resolve(Buffer.from('%PDF-1.4\n%stub\n'));
  }
}

export class BrowserWindow extends Emitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new StubWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {}
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;

export class StubSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: (() => boolean) | null = null;
  headersListener: HeadersListener | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: () => boolean): void {
    this.permissionCheckHandler = handler;
  }
}
export const session = { defaultSession: new StubSession() };

export const protocol = {
  privilegedSchemes: [] as unknown[],
  handlers: new Map<string, (request: Request) => unknown>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => unknown): void {
    this.handlers.set(scheme, handler);
  },
};

export const net = {
  fetchedUrls: [] as string[],
  fetch(url: string): Promise<Response> {
    this.fetchedUrls.push(url);
    return Promise.resolve(new Response('stub', { status: 200 }));
  },
};

export const Menu = {
  applicationMenu: undefined as unknown,
  setApplicationMenu(menu: unknown): void {
    this.applicationMenu = menu;
  },
};

/** Tests replace these (vi.spyOn) to answer as the clerk would; by default every dialog is cancelled. */
export const dialog = {
  showOpenDialog: (_window: unknown, _options: Record<string, unknown>): Promise<{ canceled: boolean; filePaths: string[] }> => Promise.resolve({ canceled: true, filePaths: [] }),
  showSaveDialog: (_window: unknown, _options: Record<string, unknown>): Promise<{ canceled: boolean; filePath?: string }> => Promise.resolve({ canceled: true }),
};

export const shell = {
  openExternal: (): Promise<void> => Promise.reject(new Error('shell.openExternal is not available in tests')),
  /** Answers '' (success) or an error text, as Electron does. */
  openPath: (_path: string): Promise<string> => Promise.resolve(''),
  showItemInFolder: (_path: string): void => undefined,
};

/** Preload side: the path of a File the clerk dropped (a File the page made has none). */
export const webUtils = {
  getPathForFile: (file: { name: string }): string => (file as { path?: string }).path ?? '',
};

/** Preload side. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

class StubIpcRenderer extends Emitter {
  readonly invoked: { channel: string; arg: unknown }[] = [];
  invoke(channel: string, arg: unknown): Promise<unknown> {
    this.invoked.push({ channel, arg });
    return Promise.resolve({ ok: true, value: null });
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
}
export const ipcRenderer = new StubIpcRenderer();

export default { app, ipcMain, BrowserWindow, session, protocol, net, Menu, dialog, shell, webUtils, contextBridge, ipcRenderer };

import { readFileSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, net, protocol, session } from 'electron';
import { type ApiEvents, type EventName } from '../../shared/api/contract.js';
import { type AppContext } from '../services/context.js';
import { closeSession } from '../services/workbook/workbook-handlers.js';
import { createHostFiles } from './file-dialogs.js';
import { registerIpc } from './ipc.js';
import { openFaultLog } from '../services/fault-log.js';
import { APP_ORIGIN, APP_SCHEME, hardenSession, hardenWebContents, SECURE_WEB_PREFERENCES, withAppHeaders } from './security.js';

// Thin glue only: everything testable lives in services/ and security.ts.
const rendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;
// %APPDATA%\统计工作台\logs\statbench.log: internal faults with their stacks, shown in 关于/帮助.
const faultLog = openFaultLog(join(app.getPath('userData'), 'logs'));

const dataDir = join(app.getPath('documents'), '统计工作台');
const configDir = app.getPath('userData');
const context: AppContext = {
  host: 'desktop',
  version: pkg.version,
  dataDir,
  configDir,
  session: null,
  faultLog,
  emit<E extends EventName>(event: E, payload: ApiEvents[E]) {
    mainWindow?.webContents.send(event, payload);
  },
  files: createHostFiles(() => mainWindow, dataDir, configDir),
};

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const file = resolve(rendererDir, normalize(decodeURIComponent(pathname === '/' ? 'index.html' : pathname.slice(1))));
    if (!file.startsWith(resolve(rendererDir) + sep)) return withAppHeaders(new Response('not found', { status: 404 }));
    return net.fetch(pathToFileURL(file).toString()).then(withAppHeaders);
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    title: '统计工作台',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  hardenWebContents(mainWindow.webContents);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

void app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer();
  registerIpc(ipcMain, context);
  Menu.setApplicationMenu(null);
  createWindow();
});

app.on('window-all-closed', () => {
  closeSession(context);
  app.quit();
});

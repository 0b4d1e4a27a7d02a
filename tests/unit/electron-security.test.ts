import { beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '../../shared/api/contract.js';
import {
  APP_CSP,
  APP_ORIGIN,
  APP_SCHEME,
  hardenSession,
  hardenWebContents,
  isTrustedUrl,
  SECURE_WEB_PREFERENCES,
} from '../../electron/main/security.js';
import { WEB_CSP } from '../../electron/web/web-host.js';
import { app, BrowserWindow, ipcMain, Menu, net, protocol, session, StubSession, StubWebContents } from '../stubs/electron.js';
import { DROP_CHANNEL } from '../../electron/services/files/desktop-files.js';

// main.ts reads the version from package.json next to the *compiled* file; give it one here.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const readFileSync = (path: unknown, ...rest: unknown[]): unknown =>
    String(path).endsWith('package.json') ? '{"version":"9.9.9"}' : (actual.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  return { ...actual, readFileSync };
});

/** The directives of a CSP, e.g. { 'script-src': ["'self'"] }. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

const navigationEvent = () => {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
};

describe('Electron security options (security.ts)', () => {
  it('isolates the page from Node: contextIsolation, sandbox, no nodeIntegration anywhere', () => {
    expect(SECURE_WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(SECURE_WEB_PREFERENCES.sandbox).toBe(true);
    expect(SECURE_WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(SECURE_WEB_PREFERENCES.nodeIntegrationInWorker).toBe(false);
    expect(SECURE_WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
    expect(SECURE_WEB_PREFERENCES.webviewTag).toBe(false);
  });

  it('keeps web security on and insecure content and experimental features off', () => {
    expect(SECURE_WEB_PREFERENCES.webSecurity).toBe(true);
    expect(SECURE_WEB_PREFERENCES.allowRunningInsecureContent).toBe(false);
    expect(SECURE_WEB_PREFERENCES.experimentalFeatures).toBe(false);
    expect(SECURE_WEB_PREFERENCES.navigateOnDragDrop).toBe(false);
  });

  it.each([
    ['desktop', APP_CSP],
    ['browser host', WEB_CSP],
  ])('has a strict CSP (%s): default-src self, no eval, no inline or remote script, no plugins', (_host, csp) => {
    const d = directives(csp);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('*');
    expect(csp).not.toMatch(/https?:/);
    for (const [name, values] of d) if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
  });

  it('trusts only frames of the app’s own origin', () => {
    expect(isTrustedUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isTrustedUrl(`${APP_ORIGIN}/`)).toBe(true);
    for (const url of [
      'file:///C:/Users/clerk/index.html',
      'http://127.0.0.1:5173/',
      'https://statbench/index.html',
      'app://evil/index.html',
      'app://statbench.evil.com/',
      'app://evil@statbench.example/',
      'app://statbench:8080/',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isTrustedUrl(url), String(url)).toBe(false);
    }
  });

  it('prevents navigation and redirects to foreign URLs, and denies window.open and webviews', () => {
    const contents = new StubWebContents();
    hardenWebContents(contents);
    for (const event of ['will-navigate', 'will-redirect']) {
      const foreign = navigationEvent();
      contents.emit(event, foreign, 'https://evil.example/phish');
      expect(foreign.prevented, event).toBe(true);
      const fileUrl = navigationEvent();
      contents.emit(event, fileUrl, 'file:///etc/passwd');
      expect(fileUrl.prevented, event).toBe(true);
      const own = navigationEvent();
      contents.emit(event, own, `${APP_ORIGIN}/index.html#/grid`);
      expect(own.prevented, event).toBe(false);
    }
    const webview = navigationEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const fake = new StubSession();
    hardenSession(fake);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      fake.permissionRequestHandler?.(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(fake.permissionCheckHandler?.()).toBe(false);
  });
});

describe('main.ts applies the options (against the electron stub)', () => {
  beforeAll(async () => {
    await import('../../electron/main/main.js');
    await app.whenReady();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  const window = (): BrowserWindow => {
    const [first] = BrowserWindow.instances;
    if (!first) throw new Error('main.ts created no window');
    return first;
  };

  it('creates the window with every secure webPreference and a preload, loading the app origin', () => {
    const prefs = window().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject(SECURE_WEB_PREFERENCES);
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(window().loadedUrl?.startsWith(`${APP_ORIGIN}/`)).toBe(true);
  });

  it('hardens the window and any later web contents', () => {
    const event = navigationEvent();
    window().webContents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.prevented).toBe(true);
    expect(window().webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    const later = new StubWebContents();
    app.emit('web-contents-created', {}, later);
    expect(later.windowOpenHandler?.({ url: 'https://x/' })).toEqual({ action: 'deny' });
  });

  it('denies permissions on the default session', () => {
    const callback = vi.fn();
    session.defaultSession.permissionRequestHandler?.(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.defaultSession.permissionCheckHandler?.()).toBe(false);
  });

  it('puts the CSP on every response of the app:// scheme itself, where it takes effect (not on webRequest)', async () => {
    const handler = protocol.handlers.get(APP_SCHEME);
    for (const url of [`${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/`, `${APP_ORIGIN}/..%2f..%2fpackage.json`]) {
      const response = (await handler?.(new Request(url))) as Response;
      expect(response.headers.get('Content-Security-Policy'), url).toBe(APP_CSP);
      expect(response.headers.get('X-Content-Type-Options'), url).toBe('nosniff');
    }
    // The served file's body and status are passed through unchanged.
    const page = (await handler?.(new Request(`${APP_ORIGIN}/index.html`))) as Response;
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('stub');
    // Custom-scheme responses never pass through webRequest, so a header set there would be dead code.
    expect(session.defaultSession.headersListener ?? null).toBeNull();
    expect(directives(APP_CSP).get('form-action')).toEqual(["'none'"]);
  });

  it('serves the renderer from its own scheme and never a file outside it', async () => {
    expect(protocol.privilegedSchemes).toEqual([expect.objectContaining({ scheme: APP_SCHEME })]);
    const handler = protocol.handlers.get(APP_SCHEME);
    expect(handler).toBeDefined();
    const before = net.fetchedUrls.length;
    expect((await handler?.(new Request(`${APP_ORIGIN}/..%2f..%2f..%2fpackage.json`))) as Response).toMatchObject({ status: 404 });
    expect(net.fetchedUrls.length).toBe(before);
    await handler?.(new Request(`${APP_ORIGIN}/assets/app.js`));
    expect(net.fetchedUrls.at(-1)).toMatch(/^file:.*\/renderer\/assets\/app\.js$/);
  });

  it('registers exactly the contract’s channels on ipcMain, removes the menu, and quits when the window closes', () => {
    // Plus the preload's channel for a file dropped on the window (the page cannot invoke it).
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...Object.keys(api), DROP_CHANNEL].sort());
    expect(Menu.applicationMenu).toBeNull();
    app.emit('window-all-closed');
    expect(app.quitCalled).toBe(true);
  });
});

/**
 * The Electron security checklist, applied in one place so a unit test can
 * assert every option (tests/unit/electron-security.test.ts).
 */

/** The custom scheme the renderer is served from; no remote content is ever loaded. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://statbench`;

/** webPreferences of every window. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
} as const;

/** Content-Security-Policy of the app's pages. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Headers of every response of the app:// scheme. The CSP must travel on the protocol handler's
 * own Response: `webRequest.onHeadersReceived` never sees custom-scheme responses, so a header
 * set there leaves the page with only its weaker `<meta>` CSP (which cannot carry
 * frame-ancestors, and ours lacks form-action).
 */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The same response with {@link APP_RESPONSE_HEADERS} added (status and body unchanged). */
export function withAppHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(APP_RESPONSE_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** True only for frames showing the app's own pages. */
export function isTrustedUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** The parts of Electron's WebContents that hardening touches. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Denies navigation away from the app, new windows and webviews. */
export function hardenWebContents(contents: HardenableContents): void {
  const denyForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isTrustedUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The parts of Electron's Session that hardening touches. */
export interface HardenableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** Denies every permission request (camera, notifications, geolocation …). */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

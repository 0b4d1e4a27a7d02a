import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../shared/api/contract.js';
import { type Envelope } from '../../shared/api/channel.js';
import { type IpcInvokeEvent, type IpcMainLike, registerIpc } from '../../electron/main/ipc.js';
import { APP_ORIGIN } from '../../electron/main/security.js';
import { handlers } from '../../electron/services/handlers.js';
import { makeTestHost, type TestHost } from '../support/test-host.js';

type Listener = (event: IpcInvokeEvent, arg: unknown) => Promise<unknown>;

/** An ipcMain that keeps the listeners so the test can deliver messages as Electron would. */
class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.listeners.set(channel, listener);
  }
  async deliver(channel: string, senderUrl: string | null, arg: unknown): Promise<Envelope<unknown>> {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return (await listener({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, arg)) as Envelope<unknown>;
  }
}

const PAGE = `${APP_ORIGIN}/index.html`;

describe('IPC: sender and payload checks (registerIpc)', () => {
  let host: TestHost;
  let ipc: FakeIpcMain;
  let indicatorId: number;
  let unitId: number;
  const cellCount = () => (host.ctx.session?.db.prepare('SELECT count(*) AS n FROM cell_values').get() as { n: number }).n;
  const logCount = () => (host.ctx.session?.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;

  beforeEach(async () => {
    host = makeTestHost();
    ipc = new FakeIpcMain();
    registerIpc(ipc, host.ctx);
    await ipc.deliver('workbook:create', PAGE, { path: 'ipc' });
    const catalog = await host.call('catalog:get', {});
    const first = catalog.items.find((i) => i.type === 'indicator');
    indicatorId = first?.type === 'indicator' ? first.indicator.id : 0;
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    host.dispose();
  });

  it('registers one handler per contract channel and nothing else', () => {
    expect([...ipc.listeners.keys()].sort()).toEqual(Object.keys(api).sort());
  });

  it.each([
    ['a remote page', 'https://evil.example/'],
    ['a local file', 'file:///C:/Users/clerk/Downloads/evil.html'],
    ['a dev server', 'http://127.0.0.1:5173/'],
    ['a look-alike custom origin', 'app://evil/index.html'],
    ['a frame without URL', ''],
    ['a destroyed frame', null],
  ])('refuses a message from %s: nothing dispatched, no data touched', async (_what, senderUrl) => {
    const spy = vi.spyOn(handlers, 'values:set');
    const eventsBefore = host.events.length;
    const envelope = await ipc.deliver('values:set', senderUrl, {
      unitId,
      source: 'edit',
      changes: [{ indicatorId, period: '2024-01', field: 'cumulative', value: '1' }],
    });
    expect(envelope).toEqual({ ok: false, error: { message: '拒绝来自未知页面的请求。' } });
    expect(spy).not.toHaveBeenCalled();
    expect(cellCount()).toBe(0);
    expect(logCount()).toBe(0);
    expect(host.events.length).toBe(eventsBefore);
  });

  it('refuses to open or close a workbook for a foreign frame', async () => {
    const current = host.ctx.session;
    expect((await ipc.deliver('workbook:close', 'https://evil.example/', undefined)).ok).toBe(false);
    expect(host.ctx.session).toBe(current);
  });

  it('validates the payload of a trusted frame: bad payload → Chinese message, handler not run', async () => {
    const spy = vi.spyOn(handlers, 'values:set');
    const bad: unknown[] = [
      undefined,
      'DROP TABLE cell_values',
      { unitId, source: 'edit', changes: [] },
      { unitId: -1, source: 'edit', changes: [{ indicatorId, period: '2024-01', field: 'cumulative', value: '1' }] },
      { unitId, source: 'edit', changes: [{ indicatorId, period: '2024-1', field: 'cumulative', value: '1' }] },
      { unitId, source: 'edit', changes: [{ indicatorId, period: '2024-01', field: 'completion', value: '1' }] },
      { unitId, source: 'macro', changes: [{ indicatorId, period: '2024-01', field: 'cumulative', value: '1' }] },
      { unitId, source: 'edit', changes: [{ indicatorId, period: '2024-01', field: 'cumulative', value: 1 }] },
    ];
    for (const payload of bad) {
      const envelope = await ipc.deliver('values:set', PAGE, payload);
      expect(envelope.ok, JSON.stringify(payload)).toBe(false);
      if (!envelope.ok) expect(envelope.error.message).toMatch(/^请求内容不正确/);
    }
    expect(spy).not.toHaveBeenCalled();
    expect(cellCount()).toBe(0);
  });

  it('dispatches a valid message from the app’s own page', async () => {
    const envelope = await ipc.deliver('values:set', PAGE, {
      unitId,
      source: 'edit',
      changes: [{ indicatorId, period: '2024-01', field: 'cumulative', value: '12.5' }],
    });
    expect(envelope).toMatchObject({ ok: true, value: { canUndo: true } });
    expect(cellCount()).toBe(1);
    expect(host.events.at(-1)?.event).toBe('workbook:saved');
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { IDLE_CHECKPOINT_MS } from './idle-checkpoint.js';

describe('the WAL is copied into the workbook file when writing pauses', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('a saved figure reaches the workbook file itself shortly after the clerk stops typing', async () => {
    const info = await host.call('workbook:create', { path: 'wal' });
    const catalog = await host.call('catalog:get', {});
    const indicator = catalog.items.find((i) => i.type === 'indicator');
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    if (indicator?.type !== 'indicator') throw new Error('starter form has no indicator');
    // A figure no page of the fresh file holds: it is in the WAL only, until a checkpoint.
    const figure = '97531.8642';
    const inFile = (): boolean => readFileSync(info.path).includes(Buffer.from(figure));
    await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: indicator.indicator.id, period: '2024-01', field: indicator.indicator.entryBasis, value: figure }] });
    // The save itself did not copy the WAL (that would put the copy into a keystroke)…
    expect(inFile()).toBe(false);
    // …the pause did, without closing the workbook.
    await vi.waitFor(() => expect(inFile()).toBe(true), { timeout: IDLE_CHECKPOINT_MS * 10, interval: 100 });
    expect(host.ctx.session?.path).toBe(info.path);
  });
});

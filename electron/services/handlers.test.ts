import { afterEach, describe, expect, it } from 'vitest';
import { makeTestHost, type TestHost } from '../../tests/support/test-host.js';
import { dispatch } from './handlers.js';

describe('dispatch', () => {
  let host: TestHost | undefined;
  afterEach(() => host?.dispose());

  it('explains a malformed request in Chinese, not in the schema library’s English', async () => {
    host = makeTestHost();
    const envelope = await dispatch(host.ctx, 'workbook:open', { path: 42 });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.message).toMatch(/^请求内容不正确（path）：.*期望/);
    expect(envelope.error.message).not.toMatch(/Invalid|expected|received/i);
  });

  it('refuses an unknown channel in Chinese', async () => {
    host = makeTestHost();
    const envelope = await dispatch(host.ctx, 'workbook:format', undefined);
    expect(envelope).toEqual({ ok: false, error: { message: '未知的操作：workbook:format' } });
  });
});

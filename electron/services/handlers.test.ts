import { afterEach, describe, expect, it } from 'vitest';
import { api, type ChannelName } from '../../shared/api/contract.js';
import { mergeUnique } from '../../shared/api/merge-unique.js';
import { makeTestHost, type TestHost } from '../../tests/support/test-host.js';
import { isMutation } from './handler-map.js';
import { handlers, dispatch } from './handlers.js';

describe('dispatch', () => {
  let host: TestHost | undefined;
  afterEach(() => host?.dispose());

  it('explains a malformed request in Chinese, not in the schema library’s English', async () => {
    host = makeTestHost();
    const envelope = await dispatch(host.ctx, 'workbook:open', { path: 42 });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.message).toBe('请求内容不正确（path）：应为文本，实际为数字');
  });

  it('refuses an unknown channel in Chinese', async () => {
    host = makeTestHost();
    const envelope = await dispatch(host.ctx, 'workbook:format', undefined);
    expect(envelope).toEqual({ ok: false, error: { message: '未知的操作：workbook:format' } });
  });
});

describe('handler maps', () => {
  it('fails at start-up on a channel defined twice, naming it', () => {
    const catalog = { 'units:list': 1, 'units:add': 2 };
    const grid = { 'values:set': 3, 'units:add': 4 };
    expect(() => mergeUnique(catalog, grid)).toThrow('channel "units:add" is defined twice');
    expect(mergeUnique(catalog, { 'values:set': 3 })).toEqual({ 'units:list': 1, 'units:add': 2, 'values:set': 3 });
  });

  it('has exactly one handler per contract channel', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(api).sort());
  });

  it('declares every channel that writes as a mutation, and nothing else', () => {
    const writers: ChannelName[] = [
      'values:set',
      'history:undo',
      'history:redo',
      'catalog:addIndicator',
      'catalog:updateIndicator',
      'catalog:addSection',
      'catalog:renameSection',
      'catalog:moveItem',
      'catalog:removeItem',
      'forms:update',
      'units:add',
      'units:update',
      'units:remove',
      'units:retire',
      'targets:set',
      'roster:import',
      'roster:remove',
      'roster:bindIndicator',
      'projects:save',
      'projects:setStatus',
      'projects:setAmount',
      'projects:remove',
      'projects:bindIndicator',
      'projects:import',
      'templates:register',
      'templates:remove',
      'templates:rename',
      'templates:saveBindings',
      'imports:commit',
      'audit:explain',
      'audit:saveRule',
      'audit:removeRule',
      'audit:setRuleEnabled',
      'period:submit',
      'period:unlock',
      'period:copyPrevious',
      'charts:saveDashboard',
      'narrative:saveSettings',
      'backups:setFolder',
    ];
    const mutations = (Object.keys(handlers) as ChannelName[]).filter((c) => isMutation(handlers[c]));
    expect(mutations.sort()).toEqual(writers.sort());
  });
});

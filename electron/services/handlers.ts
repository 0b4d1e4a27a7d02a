import { mergeUnique } from '../../shared/api/merge-unique.js';
import { api, type ChannelName, isChannelName } from '../../shared/api/contract.js';
import { type Envelope } from '../../shared/api/channel.js';
import { auditHandlers } from './audit/audit-handlers.js';
import { backupHandlers } from './backup/backup-handlers.js';
import { backupOpenWorkbook } from './backup/backup-service.js';
import { type BackupKind } from './backup/backup-store.js';
import { catalogHandlers } from './catalog/catalog-handlers.js';
import { chartsHandlers } from './charts/charts-handlers.js';
import { completenessHandlers } from './completeness/completeness-handlers.js';
import { consolidationHandlers } from './consolidation/consolidation-handlers.js';
import { fileHandlers } from './files/file-handlers.js';
import { projectHandlers } from './projects/project-handlers.js';
import { rosterHandlers } from './roster/roster-handlers.js';
import { type AppContext } from './context.js';
import { gridHandlers } from './grid/grid-handlers.js';
import { type Handler } from './handler-map.js';
import { narrativeHandlers } from './narrative/narrative-handlers.js';
import { paperHandlers } from './paper/paper-handlers.js';
import { templateHandlers } from './templates/template-handlers.js';
import { osFailure, UserFacingError } from './user-facing-error.js';
import { workbookHandlers } from './workbook/workbook-handlers.js';

/**
 * Every channel's handler (those that write are mutations, see handler-map.ts). A missing channel
 * is a compile error; a channel defined by two feature maps fails at start-up.
 */
export const handlers: { [C in ChannelName]: Handler<C> } = mergeUnique(workbookHandlers, catalogHandlers, gridHandlers, templateHandlers, narrativeHandlers, backupHandlers, consolidationHandlers, auditHandlers, rosterHandlers, chartsHandlers, projectHandlers, fileHandlers, completenessHandlers, paperHandlers);

/**
 * Channels that replace many figures at once, and the kind of backup taken of the open workbook
 * before each runs, so the clerk can go back to the state before it even after the undo history is gone.
 */
const BACKUP_BEFORE: ReadonlyMap<ChannelName, BackupKind> = new Map<ChannelName, BackupKind>([
  ['imports:commit', '导入前'],
  ['roster:import', '导入前'],
  ['projects:import', '导入前'],
  ['period:copyPrevious', '复制上期前'],
]);

/** Where internal faults go (the hosts replace it with their log). */
export type FaultLogger = (channel: string, error: unknown) => void;

/**
 * The one entry point of all three hosts: checks the channel name and the
 * payload against the contract, runs the handler (a mutation runs through the
 * one mutation pipeline), and wraps the outcome. Untrusted input never reaches a
 * handler unvalidated.
 */
export async function dispatch(ctx: AppContext, channel: string, rawArg: unknown, logFault: FaultLogger = defaultLogger): Promise<Envelope<unknown>> {
  if (!isChannelName(channel)) return { ok: false, error: { message: `未知的操作：${channel}` } };
  const parsed = api[channel].input.safeParse(rawArg);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `（${first.path.join('.')}）` : '';
    return { ok: false, error: { message: `请求内容不正确${where}：${first?.message ?? ''}` } };
  }
  try {
    // The schema above produced exactly this channel's argument type.
    const handler = handlers[channel] as (ctx: AppContext, arg: unknown) => unknown;
    const backupKind = BACKUP_BEFORE.get(channel);
    if (backupKind !== undefined && ctx.session) await backupOpenWorkbook(ctx, backupKind);
    return { ok: true, value: await handler(ctx, parsed.data) };
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: { message: error.message } };
    logFault(channel, error);
    // A full disk, a locked file or a missing permission is the clerk's to fix, not a bug.
    const failure = osFailure(error);
    if (failure) return { ok: false, error: { message: `操作未完成：${failure.reason}，数据未被修改。${failure.advice}` } };
    return { ok: false, error: { message: '操作未完成：程序内部错误，数据未被修改。详细信息已写入日志，请联系技术支持。' } };
  }
}

function defaultLogger(channel: string, error: unknown): void {
  console.error(`[statbench] ${channel} failed:`, error);
}

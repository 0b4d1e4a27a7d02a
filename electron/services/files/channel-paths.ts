import { type Envelope } from '../../../shared/api/channel.js';
import { type AppContext } from '../context.js';
import { dispatch, type FaultLogger } from '../handlers.js';
import { UserFacingError } from '../user-facing-error.js';
import { WORKBOOK_EXTENSION } from '../workbook/workbook-file.js';
import { confinePath, type PathRule } from './path-guard.js';

/** Files a template can be registered from (what Excel, WPS and LibreOffice save a sheet as). */
export const TEMPLATE_FILES = ['.xlsx', '.xlsm', '.xls', '.et', '.xlsb', '.ods', '.fods', '.xml', '.htm', '.html'];
/** Filled returns: the template formats and text tables. */
export const RETURN_FILES = [...TEMPLATE_FILES, '.csv', '.tsv', '.txt'];
const WORKBOOK: PathRule = { what: '工作簿', extensions: [WORKBOOK_EXTENSION], bareName: true };
/** Any path key of any channel not listed below is still kept inside the data folder. */
const ANY_FILE: PathRule = { what: '文件', extensions: [], folder: 'either' };

/** What each channel that takes paths expects at them, by argument key. */
const CHANNEL_RULES: Readonly<Record<string, Readonly<Record<string, PathRule>>>> = {
  'workbook:create': { path: WORKBOOK },
  'workbook:createDemo': { path: WORKBOOK },
  'workbook:demoStatus': { path: WORKBOOK },
  'workbook:open': { path: WORKBOOK },
  'backups:inspectDamage': { path: WORKBOOK },
  'backups:restoreNewestGood': { path: WORKBOOK },
  'backups:setFolder': { path: { what: '备份位置', extensions: [], folder: 'only' } },
  'templates:register': { path: { what: '模板文件', extensions: TEMPLATE_FILES } },
  'templates:export': { outputDir: { what: '导出文件夹', extensions: [], folder: 'only' } },
  'imports:preview': { paths: { what: '报表文件', extensions: RETURN_FILES, folder: 'either' } },
  'exports:formView': { outputPath: { what: '导出文件', extensions: ['.xlsx', '.csv'], bareName: true } },
};

/** Argument keys that hold paths, in every channel. */
export const PATH_KEYS = ['path', 'paths', 'outputPath', 'outputDir'] as const;

/** Answers the path a value stands for without confining it (the desktop's dialog handles), or undefined. */
export type PathResolver = (value: string, key: (typeof PATH_KEYS)[number]) => string | undefined;

/**
 * The argument of a call from a page with every path in it checked by {@link confinePath} and
 * replaced by the absolute path inside the data folder it stands for; other values untouched.
 * A value `resolveFirst` answers for (a desktop dialog's handle) takes that path instead.
 * @throws UserFacingError naming the refused path
 */
export function confineChannelPaths(dataDir: string, channel: string, arg: unknown, resolveFirst?: PathResolver): unknown {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return arg;
  const record = arg as Record<string, unknown>;
  const confined: Record<string, unknown> = { ...record };
  for (const key of PATH_KEYS) {
    const value = record[key];
    const rule = CHANNEL_RULES[channel]?.[key] ?? ANY_FILE;
    const one = (item: string): string => resolveFirst?.(item, key) ?? confinePath(dataDir, item, rule);
    if (typeof value === 'string') confined[key] = one(value);
    else if (Array.isArray(value)) confined[key] = (value as unknown[]).map((item) => (typeof item === 'string' ? one(item) : item));
  }
  return confined;
}

/**
 * {@link dispatch} for the browser host: paths are confined to the data folder first, so a page
 * holding the token can neither read nor create files elsewhere. The CLI and the desktop shell
 * (whose paths come from native dialogs) call `dispatch` directly.
 */
export async function dispatchConfined(ctx: AppContext, channel: string, arg: unknown, logFault?: FaultLogger): Promise<Envelope<unknown>> {
  let confined: unknown;
  try {
    confined = confineChannelPaths(ctx.dataDir, channel, arg);
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: { message: error.message } };
    throw error;
  }
  return dispatch(ctx, channel, confined, logFault);
}

import { basename } from 'node:path';
import { type HandlerMap } from '../handler-map.js';
import { UserFacingError } from '../user-facing-error.js';

/** Handlers of files:* — the desktop's native dialogs and 打开 / 打开所在文件夹 of what it wrote. */
export const fileHandlers = {
  /** Runs the purpose's dialog and answers handles (never paths); null when cancelled or in the browser host. */
  'files:pick': async (ctx, { purpose, suggestedName }) => {
    if (!ctx.files) return null;
    const paths = await ctx.files.pick(purpose, suggestedName);
    if (paths === null || paths.length === 0) return null;
    const handles = ctx.files.handles;
    return paths.map((path) => ({ handle: handles.issue(path, purpose), name: basename(path) }));
  },
  /** Opens (or shows in its folder) a file this host wrote in this session; any other path is refused. */
  'files:reveal': async (ctx, { file, action }) => {
    if (!ctx.files) throw new UserFacingError('浏览器版不能直接打开文件，请在浏览器的下载列表中打开。');
    await ctx.files.reveal(ctx.files.handles.writtenFile(file), action);
    return null;
  },
} satisfies HandlerMap<'files:'>;

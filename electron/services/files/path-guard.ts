import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, parse, relative, resolve, sep } from 'node:path';
import { UserFacingError } from '../user-facing-error.js';

/** What a channel expects at a path it is given. */
export interface PathRule {
  /** What the clerk calls the file, for messages: "模板文件", "导出文件", "工作簿". */
  what: string;
  /** Lower-case extensions with the dot (".xlsx"); empty = any. Ignored for a folder. */
  extensions: readonly string[];
  /** A name without extension is accepted (the handler adds the format's). */
  bareName?: boolean;
  /** `only`: the path names a folder (where exports go); `either`: a file or an existing folder (imports). */
  folder?: 'only' | 'either';
}

/**
 * Names Windows reserves for devices, with or without an extension ("CON", "nul.xlsx",
 * "COM1.txt", "lpt1 .xlsx"); opening one reads or writes the device, not a file. Superscript digits count too.
 */
const RESERVED_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$) *(\..*)?$/i;
/** Characters Windows refuses in a name (the separators are split on before this). */
const FORBIDDEN_CHARS = /[<>:"|?*]/;
// Control characters, NUL first: a NUL cuts a path short in native code, so "a.xlsx\0.db" is
// checked as one file and opened as another.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** The given path as it may be shown in a message: control characters made visible. */
function shown(path: string): string {
  // eslint-disable-next-line no-control-regex
  return path.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\0' ? '\\0' : '?')).slice(0, 200);
}

function refuse(message: string): never {
  throw new UserFacingError(`${message}未读写任何文件。`);
}

/** The path's real location: symlinks of its existing part resolved, the rest appended. */
function realLocation(path: string): string {
  let existing = path;
  const tail: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) return path;
    tail.unshift(existing.slice(parent.length).replace(/^[\\/]+/, ''));
    existing = parent;
  }
  return resolve(realpathSync.native(existing), ...tail);
}

/** True when `path` is `root` or inside it. */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Checks a path a page sent to the browser host and answers the absolute path it stands for,
 * inside the data folder `dataDir`. Refused, with a Chinese message naming the path and nothing
 * read or written: control characters (NUL), ".." segments, names Windows reserves (CON, PRN,
 * AUX, NUL, COM1…, LPT1…) or cannot hold (`<>:"|?*`, a trailing dot or space), an extension
 * the channel does not expect, an absolute path outside the data folder, and a path that leads
 * out of it through a symbolic link or junction. A relative path is taken from the data folder.
 * @throws UserFacingError
 */
export function confinePath(dataDir: string, given: string, rule: PathRule): string {
  const root = resolve(dataDir);
  if (CONTROL_CHARS.test(given)) refuse(`路径“${shown(given)}”含有不可见的控制字符（如空字符），已拒绝。请重新选择文件，`);
  const { root: drive } = parse(given);
  const parts = given.slice(isAbsolute(given) ? drive.length : 0).split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) refuse(`路径“${shown(given)}”含有“..”（上级文件夹），只能使用数据文件夹“${root}”内的文件，`);
  for (const part of parts) {
    if (RESERVED_NAME.test(part.replace(/[ .]+$/, ''))) refuse(`“${part}”是 Windows 保留的设备名，不能用作文件名。请换一个名称，`);
    if (FORBIDDEN_CHARS.test(part)) refuse(`文件名“${part}”含有 Windows 不允许的字符（< > : " | ? *）。请换一个名称，`);
    if (/[ .]$/.test(part)) refuse(`文件名“${part}”以空格或句点结尾，Windows 不能保存这样的文件。请换一个名称，`);
  }
  const name = parts.at(-1);
  if (name === undefined && rule.folder === undefined) refuse(`请给出${rule.what}的名称，`);
  const absolute = resolve(root, given);
  if (!isInside(root, absolute)) refuse(`“${shown(given)}”不在数据文件夹“${root}”内：浏览器版只能读写数据文件夹中的文件。请先上传文件，`);

  const isFolder = rule.folder === 'only' || name === undefined || (rule.folder === 'either' && existsSync(absolute) && statSync(absolute).isDirectory());
  if (!isFolder && rule.extensions.length > 0) {
    const ext = extname(name ?? '').toLowerCase();
    const bare = ext === '' && rule.bareName === true;
    if (!bare && !rule.extensions.includes(ext)) refuse(`“${name ?? ''}”不是${rule.what}（应为 ${rule.extensions.join('、')} 文件），`);
  }

  let realRoot = root;
  try {
    realRoot = realpathSync.native(root);
  } catch {
    // A data folder not made yet holds no links.
  }
  const real = realLocation(absolute);
  if (!isInside(realRoot, real)) refuse(`“${shown(given)}”经由链接指向数据文件夹之外，已拒绝。请把文件复制到数据文件夹“${root}”中，`);
  return real;
}

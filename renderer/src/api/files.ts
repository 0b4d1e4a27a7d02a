import { type Envelope } from '../../../shared/api/channel.js';
import { type FilePurpose, type PickedFile } from '../../../shared/api/files-api.js';
import { ApiError, hostToken, invoke } from './client.js';

/** What an upload is for: the host checks the extension against it. */
export type UploadPurpose = 'template' | 'return';

/** True in the browser host, where files come in by upload and go out by download. */
export function isBrowserHost(): boolean {
  return window.statbench === undefined;
}

/**
 * Uploads a file chosen or dropped by the clerk into the host's data folder and answers its
 * path there (relative), which the channels that read files take.
 * @throws ApiError with the host's Chinese message
 */
export async function uploadFile(file: File, purpose: UploadPurpose): Promise<string> {
  let envelope: { ok: true; value: { path: string } } | { ok: false; error: { message: string } };
  try {
    const response = await fetch(`/files/upload?purpose=${purpose}&name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-StatBench-Token': hostToken() },
      body: file,
    });
    envelope = (await response.json()) as typeof envelope;
  } catch {
    throw new ApiError(`无法上传“${file.name}”：与统计工作台后台服务的连接中断。请确认程序仍在运行，然后重试。`);
  }
  if (!envelope.ok) throw new ApiError(envelope.error.message);
  return envelope.value.path;
}

/** The name of a file the host wrote (its path's last part), for display. */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The address that downloads files the host wrote (several come as one .zip). */
export function downloadUrl(paths: readonly string[]): string {
  return `/files/download?${paths.map((p) => `path=${encodeURIComponent(p)}`).join('&')}`;
}

/** Hands the files the host just wrote to the browser's downloads (the browser host's "save as"). */
export function startDownload(paths: readonly string[]): void {
  const link = document.createElement('a');
  link.href = downloadUrl(paths);
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/** A file chosen on either host: what to pass where a channel takes a path, and the name to show. */
export interface ChosenFile {
  /** Desktop: the dialog's opaque handle; browser: the upload's path in the data folder. */
  ref: string;
  name: string;
}

/**
 * Desktop: runs the host's native dialog for `purpose` and answers the chosen files as handles
 * (empty when cancelled). The browser host has no dialogs and answers empty: files come by upload.
 */
export async function pickFiles(purpose: FilePurpose, suggestedName?: string): Promise<ChosenFile[]> {
  if (isBrowserHost()) return [];
  const picked = await invoke('files:pick', { purpose, suggestedName });
  return (picked ?? []).map((p) => ({ ref: p.handle, name: p.name }));
}

/**
 * Where an export goes. Desktop: the save dialog (or folder dialog) of `purpose`, suggesting
 * `name`; null when the clerk cancels. Browser: `name` itself, a file in the data folder that is
 * then downloaded.
 */
export async function exportTarget(purpose: FilePurpose, name: string): Promise<string | null> {
  if (isBrowserHost()) return name;
  const [chosen] = await pickFiles(purpose, name);
  return chosen?.ref ?? null;
}

/**
 * A file dropped on the desktop window, for `purpose`: the preload hands its path to the host,
 * which answers a handle.
 * @throws ApiError with the host's Chinese message (not a file of that kind)
 */
export async function dropDesktopFile(file: File, purpose: FilePurpose): Promise<ChosenFile> {
  const bridge = window.statbench;
  if (!bridge) throw new ApiError('浏览器版请上传文件。');
  const envelope = (await bridge.dropFile(file, purpose)) as Envelope<PickedFile>;
  if (!envelope.ok) throw new ApiError(envelope.error.message);
  return { ref: envelope.value.handle, name: envelope.value.name };
}

/** Desktop: opens a file the host just wrote, or shows it in its folder. */
export async function revealFile(file: string, action: 'open' | 'folder'): Promise<void> {
  await invoke('files:reveal', { file, action });
}

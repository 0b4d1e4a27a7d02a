import { ApiError, hostToken } from './client.js';

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

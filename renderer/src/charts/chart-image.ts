/** Print resolution of an exported chart: 3 × the on-screen pixels (≈ 300 dpi for a chart a third of a page wide). */
export const PRINT_PIXEL_RATIO = 3;

/** The bytes of a `data:image/png;base64,…` URL as a PNG Blob (no fetch: the page's CSP allows no data: fetches). */
export function pngBlob(dataUrl: string): Blob {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: 'image/png' });
}

/**
 * Puts a chart picture on the clipboard where the browser allows it (a secure origin, a
 * ClipboardItem implementation, permission granted).
 * @returns the Chinese message for the status line.
 */
export async function copyChartImage(dataUrl: string): Promise<string> {
  try {
    if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) throw new Error('unsupported');
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': pngBlob(dataUrl) })]);
    return '图表已复制到剪贴板，可直接粘贴到 Word / WPS。';
  } catch {
    return '当前环境不允许把图片写入剪贴板，请用“导出 PNG”保存后插入文档。';
  }
}

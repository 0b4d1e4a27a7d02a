/**
 * Copies `text` to the clipboard. Without clipboard permission (an insecure origin, a denied
 * prompt) it selects `fallback`'s text instead so the clerk can press Ctrl+C, and says so.
 * @returns the Chinese message for the status line.
 */
export async function copyText(text: string, fallback: HTMLTextAreaElement | null): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return '已复制到剪贴板。';
  } catch {
    fallback?.focus();
    fallback?.select();
    return '无法直接写入剪贴板，已选中文本，请按 Ctrl+C 复制。';
  }
}

import { expect } from 'vitest';

/**
 * What may remain of a message once the parts that are the clerk's own are taken out: quoted file
 * names and cell text (“…”, 「…」, "…"), file extensions, cell addresses, and the product and
 * format names a Chinese clerk reads as such (those of FORMAT_LABELS among them).
 */
const ALLOWED_WORDS = /\b(Excel|WPS|Office|CSV|LibreOffice|SQLite|PNG|DOCTYPE|ENTITY|UTF|GBK|GB18030|Big5|statbench|xlsx|xlsm|xls|et|csv|OpenDocument|SpreadsheetML|HTML|XML|PDF|Word|PowerPoint)\b/g;

/** The English a message holds beyond names, codes and quoted text ('' for a clean message). */
export function englishLeft(message: string): string {
  return (
    message
      // The field of a malformed request (“path”, “changes.0.value”) is a code for technical support.
      .replace(/^请求内容不正确（[\w.]+）/, '')
      .replace(/“[^”]*”/g, '')
      .replace(/「[^」]*」/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\.[A-Za-z]{2,9}\b/g, '')
      .replace(/\$?[A-Z]{1,3}\$?\d{1,7}(:\$?[A-Z]{1,3}\$?\d{1,7})?/g, '')
      .replace(ALLOWED_WORDS, '')
      .replace(/[^A-Za-z]+/g, ' ')
      .trim()
  );
}

/** Asserts `message` is what a clerk may see: Chinese, no stack, no English diagnostics. */
export function expectClerkMessage(message: string, context: string): void {
  expect(message, context).toMatch(/[\u4e00-\u9fff]/);
  expect(message, context).not.toMatch(/Error:|\n\s+at |node:internal|\bat Object\./);
  expect(englishLeft(message), `${context}: ${message}`).toBe('');
}

/** A call that neither answers nor fails within this is a hang (generous: a busy 2-core machine). */
export const CALL_BOUND_MS = 15_000;

/** `promise`, or a failure naming `context` when it neither answers nor fails within {@link CALL_BOUND_MS}. */
export async function bounded<T>(promise: Promise<T>, context: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${context}: no answer within ${CALL_BOUND_MS} ms`)), CALL_BOUND_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

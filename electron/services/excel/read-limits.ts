import { UserFacingError } from './user-facing-error.js';

/**
 * Work a single read may do, chosen so that reading any file up to 20 MB peaks below 300 MB of
 * memory (measured in tests/perf/excel-read-child.ts): a county template or return has a few
 * thousand cells and well under a megabyte of XML, so these are hundreds of times what a real
 * report needs and still refuse, before any reader allocates, the small files that expand into
 * gigabytes (whitespace padding, millions of cells, a giant shared-string table).
 */
export const READ_LIMITS = {
  /** Inflated size of one XML part of an .xlsx/.ods package. */
  maxXmlPartBytes: 32 * 1024 * 1024,
  /** Inflated size of all XML parts of a package together. */
  maxXmlTotalBytes: 64 * 1024 * 1024,
  /** Inflated shared-string table (sharedStrings.xml / sharedStrings.bin). */
  maxSharedStringBytes: 24 * 1024 * 1024,
  /** Blank characters in one XML part beyond which it is padding, not content. */
  maxBlankBytes: 4 * 1024 * 1024,
  /** Binary (.xlsb) sheet parts together, inflated: ~16 bytes a cell. */
  maxBinarySheetBytes: 12 * 1024 * 1024,
  /** .xls/.et, HTML and SpreadsheetML files are parsed whole by SheetJS. */
  maxSheetJsFileBytes: 16 * 1024 * 1024,
  /** ExcelJS keeps ~1 KB a cell: above this the lighter package reader reads the file. */
  maxExcelJsCells: 100_000,
  maxExcelJsXmlBytes: 16 * 1024 * 1024,
  /** Wall time of one read. */
  timeLimitMs: 60_000,
} as const;

/** Megabytes, for messages: "12.3 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * The time limit of one read: checked between stages and inside the readers' loops, so a file
 * that passes every size check but still reads too slowly is stopped with a clear message
 * instead of freezing the import.
 */
export class ReadClock {
  private readonly deadline: number;

  constructor(
    private readonly fileName: string,
    private readonly limitMs: number = READ_LIMITS.timeLimitMs,
  ) {
    this.deadline = Date.now() + limitMs;
  }

  /** @throws UserFacingError naming the file once the time limit has passed. */
  check(): void {
    if (Date.now() > this.deadline) {
      throw new UserFacingError(
        `读取文件“${this.fileName}”超过 ${Math.round(this.limitMs / 1000)} 秒仍未完成，已停止，未做任何修改。文件可能过大或已损坏：请在 Excel 或 WPS 中删除多余的行列和工作表、另存为 .xlsx 后再试。`,
      );
    }
  }
}

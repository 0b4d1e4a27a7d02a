import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The LibreOffice program: `STATBENCH_SOFFICE` when set (county IT may install it anywhere;
 * tests point it at a missing file to exercise the "not installed" path), else `soffice` on PATH.
 */
export function sofficeCommand(): string {
  return process.env.STATBENCH_SOFFICE ?? 'soffice';
}

/** Formats LibreOffice converts to .xlsx for us, and the import filter each needs. */
export type ConvertibleFormat = 'xls' | 'et' | 'xlsb' | 'ods' | 'xml2003' | 'html';

const INPUT: Record<ConvertibleFormat, { extension: string; filter: string | null }> = {
  xls: { extension: 'xls', filter: null },
  et: { extension: 'et', filter: null },
  xlsb: { extension: 'xlsb', filter: null },
  ods: { extension: 'ods', filter: null },
  // Without a filter LibreOffice opens these in Writer, which cannot save a spreadsheet.
  xml2003: { extension: 'xml', filter: 'MS Excel 2003 XML' },
  html: { extension: 'html', filter: 'calc_HTML_WebQuery' },
};

/**
 * Converts a workbook LibreOffice reads (.xls/.et/.xlsb/.ods, SpreadsheetML 2003, an HTML
 * table) to .xlsx with headless LibreOffice, or returns null when
 * LibreOffice is not installed or fails (the caller then tells the clerk to 另存为 .xlsx). Runs
 * with a throw-away user profile so a LibreOffice window the clerk has open, or a parallel
 * conversion, never blocks on the profile lock.
 */
export async function convertToXlsx(bytes: Uint8Array, format: ConvertibleFormat): Promise<Buffer | null> {
  const { extension, filter } = INPUT[format];
  const work = await mkdtemp(join(tmpdir(), 'statbench-convert-'));
  try {
    const input = join(work, `template.${extension}`);
    const outDir = join(work, 'out');
    await mkdir(join(work, 'profile'), { recursive: true });
    await mkdir(outDir);
    await writeFile(input, bytes);
    const profile = pathToFileURL(join(work, 'profile')).href;
    const infilter = filter === null ? [] : [`--infilter=${filter}`];
    await run(sofficeCommand(), [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck', ...infilter, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, input], {
      timeout: 180_000,
      windowsHide: true,
    });
    return await readFile(join(outDir, 'template.xlsx'));
  } catch {
    // Not installed (ENOENT), timed out, or produced nothing: registration still succeeds.
    return null;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

import { type ExportResult } from '../../../shared/api/template-api.js';
import { UserFacingError } from '../user-facing-error.js';
import { writeExportFile } from '../excel/export-file.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PREFIX = 'data:image/png;base64,';

/** The bytes of a `data:image/png;base64,…` URL, checked to be a PNG picture. */
export function pngBytes(dataUrl: string): Buffer {
  const bytes = dataUrl.startsWith(PREFIX) ? Buffer.from(dataUrl.slice(PREFIX.length), 'base64') : Buffer.alloc(0);
  if (bytes.length <= PNG_SIGNATURE.length || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw new UserFacingError('图表图片内容不完整，未保存。请重新打开图表后再导出。');
  }
  return bytes;
}

/**
 * Writes a chart picture to `outputPath` (absolute; ".png" added when missing) atomically; an
 * existing file is never replaced ("(2)" is appended).
 * @throws UserFacingError when the picture is not a PNG, or (through the dispatcher) the file cannot be written.
 */
export async function saveChartPng(dataUrl: string, outputPath: string): Promise<ExportResult> {
  // Checked before anything is written: a broken picture leaves no folder or file behind.
  const bytes = pngBytes(dataUrl);
  return writeExportFile(outputPath, 'png', () => bytes);
}

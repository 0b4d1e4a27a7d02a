import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { freePath } from '../templates/template-export.js';
import { writeFileAtomically } from './atomic-write.js';

/**
 * Writes an export file: `outputPath` (absolute) gets the extension when it lacks it, its folder
 * is made, an existing file is never replaced ("(2)" is appended, and the note says so), and the
 * bytes are written atomically. `bytes` receives the final file name (for messages in it).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function writeExportFile(outputPath: string, extension: string, bytes: (fileName: string) => Buffer | Promise<Buffer>): Promise<ExportResult> {
  const wanted = outputPath.toLowerCase().endsWith(`.${extension}`) ? outputPath : `${outputPath}.${extension}`;
  await mkdir(dirname(wanted), { recursive: true });
  const target = freePath(dirname(wanted), basename(wanted));
  await writeFileAtomically(target, await bytes(basename(target)));
  const notes = target === wanted ? [] : [`“${basename(wanted)}”已存在，已另存为“${basename(target, extname(target))}${extname(target)}”。`];
  return { files: [target], notes };
}

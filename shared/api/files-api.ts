import { z } from 'zod';
import { channel } from './channel.js';

/**
 * What a file is chosen for. Each purpose has its own native dialog on the desktop (title,
 * filters, open/save/folder, remembered folder) and decides which channels accept the handle.
 */
export const FILE_PURPOSES = [
  'workbookOpen',
  'workbookCreate',
  'template',
  'returns',
  'sheet',
  'exportFolder',
  'backupFolder',
  'exportXlsx',
  'exportCsv',
  'exportTxt',
  'exportDocx',
  'exportPng',
  'exportPdf',
] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** A file or folder the clerk chose in a native dialog: an opaque handle and the name to show. */
export interface PickedFile {
  /** Opaque, random, meaningful only to the host that issued it; passed where a channel takes a path. */
  handle: string;
  /** The file or folder name (no folders above it), for display. */
  name: string;
}

/**
 * Files on the desktop: the host runs every open/save/folder dialog and the page only ever holds
 * handles. The browser host answers `files:pick` with null (files come by upload there).
 */
export const filesApi = {
  /** Runs the purpose's native dialog; null when the clerk cancels or the host has no dialogs. */
  'files:pick': channel<PickedFile[] | null>()(
    z.object({ purpose: z.enum(FILE_PURPOSES), suggestedName: z.string().trim().max(200).optional() }),
  ),
  /**
   * Opens a file the host itself wrote in this session (an export's `files` entry) with its
   * program, or shows it in its folder. Anything else is refused.
   */
  'files:reveal': channel<null>()(z.object({ file: z.string().min(1).max(4096), action: z.enum(['open', 'folder']) })),
};

import { UserFacingError } from './user-facing-error.js';
import { partText, type XlsxPackage } from './xlsx-package.js';
import { findElements } from './xml-scan.js';

/** A worksheet as listed in workbook.xml, with the package part that holds it. */
export interface WorkbookSheetRef {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** e.g. "xl/worksheets/sheet1.xml"; null for chart sheets and dialog sheets. */
  part: string | null;
}

/** Where the parts of a workbook live inside its package. */
export interface WorkbookParts {
  workbook: string;
  workbookRels: string;
  sheets: WorkbookSheetRef[];
  sharedStrings: string | null;
  styles: string | null;
  calcChain: string | null;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/**
 * Finds workbook.xml through the package relationships (it is not always "xl/workbook.xml"),
 * then its sheets, shared strings, styles and calc chain through the workbook relationships.
 * @throws UserFacingError when the package has no readable workbook.
 */
export function locateWorkbookParts(pkg: XlsxPackage): WorkbookParts {
  const root = readRelationships(pkg, '_rels/.rels', '');
  const workbook = root.find((r) => r.type.endsWith('/officeDocument'))?.target;
  const workbookXml = workbook === undefined ? null : partText(pkg, workbook);
  if (workbook === undefined || workbookXml === null) {
    throw new UserFacingError(`文件“${pkg.fileName}”中找不到工作簿部件，不是有效的 Excel 文件，未做任何修改。`);
  }
  const workbookRels = relsPathOf(workbook);
  const rels = readRelationships(pkg, workbookRels, workbook);
  const byType = (suffix: string): string | null => rels.find((r) => r.type.endsWith(suffix))?.target ?? null;
  const sheets = findElements(workbookXml, 'sheet').map(({ attrs }): WorkbookSheetRef => {
    const rel = rels.find((r) => r.id === attrs.id);
    return {
      name: attrs.name ?? '',
      state: attrs.state === 'hidden' || attrs.state === 'veryHidden' ? attrs.state : 'visible',
      part: rel !== undefined && rel.type.endsWith('/worksheet') ? rel.target : null,
    };
  });
  return {
    workbook,
    workbookRels,
    sheets,
    sharedStrings: byType('/sharedStrings'),
    styles: byType('/styles'),
    calcChain: byType('/calcChain'),
  };
}

/** "xl/workbook.xml" → "xl/_rels/workbook.xml.rels". */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function readRelationships(pkg: XlsxPackage, relsPath: string, sourcePart: string): Relationship[] {
  const xml = partText(pkg, relsPath);
  if (xml === null) return [];
  const baseDir = sourcePart.slice(0, sourcePart.lastIndexOf('/') + 1);
  return findElements(xml, 'Relationship')
    .filter(({ attrs }) => attrs.TargetMode !== 'External')
    .map(({ attrs }) => ({ id: attrs.Id ?? '', type: attrs.Type ?? '', target: resolvePartName(baseDir, attrs.Target ?? '') }));
}

/** Resolves a relationship target against the source part's folder ("../x" and "/x" included). */
function resolvePartName(baseDir: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : baseDir + target).split('/');
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === '..') resolved.pop();
    else if (segment !== '.' && segment !== '') resolved.push(segment);
  }
  return resolved.join('/');
}

import { type ExportResult } from '../../../shared/api/template-api.js';
import { writeExportFile } from '../excel/export-file.js';

/** The paragraph split into lines (the clerk's edits may add line breaks). */
function linesOf(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/** .txt for Windows Notepad and WPS: UTF-8 with BOM, CRLF line ends. */
export function narrativeTxtBytes(text: string): Buffer {
  return Buffer.from(`\uFEFF${linesOf(text).join('\r\n')}`, 'utf8');
}

const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/**
 * A minimal .docx (WordprocessingML): one paragraph per line, 仿宋 三号 (16pt) with a two-character
 * first-line indent, as county 工作总结 are set. Opens in Word, WPS and LibreOffice. JSZip is
 * loaded on first use (not at start-up).
 */
export async function narrativeDocxBytes(text: string): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const run = '<w:rPr><w:rFonts w:ascii="仿宋" w:eastAsia="仿宋" w:hAnsi="仿宋"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>';
  const paragraphs = linesOf(text)
    .map((line) => `<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr><w:r>${run}<w:t xml:space="preserve">${xmlText(line)}</w:t></w:r></w:p>`)
    .join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`;
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('word/document.xml', document);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * Writes the (possibly edited) paragraph to `outputPath` (absolute) as .txt or .docx, atomically;
 * an existing file is never replaced ("(2)" is appended).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportNarrative(text: string, format: 'txt' | 'docx', outputPath: string): Promise<ExportResult> {
  return writeExportFile(outputPath, format, () => (format === 'txt' ? narrativeTxtBytes(text) : narrativeDocxBytes(text)));
}

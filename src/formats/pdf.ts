/**
 * PDF with a text layer: one document per file. Detected by `%PDF-` in the
 * first KiB; the raw bytes are checked for decompression bombs (guard.ts),
 * read with pdf.js within page and time limits (read.ts), laid out into
 * lines in reading order (layout.ts) and turned into the record's sections,
 * title, DOI and references (record.ts).
 *
 * Rejections: `too-large` (over MAX_PDF_BYTES, MAX_PDF_PAGES, the time
 * budget or the decoded-stream budget), `unsupported-format`
 * (password-protected), `malformed` (pdf.js cannot open it), `no-text` (no
 * text layer: a scan without OCR).
 */
import { DocumentRejectedError } from '../errors.ts';
import { MAX_PDF_BYTES } from '../limits.ts';
import { checkDecodedSize, pdfHeaderOffset } from './pdf/guard.ts';
import { layoutPages } from './pdf/layout.ts';
import { readPdfText, type ReadOptions } from './pdf/read.ts';
import { recordFromLayout } from './pdf/record.ts';
import type { BinaryFormatDetector, BinaryFormatHandler, ParsedDocument } from './types.ts';

/** A PDF whose pages hold fewer visible characters than this in all has no usable text layer. */
const MIN_TEXT_CHARS = 40;

export async function parsePdf(bytes: Uint8Array, options: ReadOptions = {}): Promise<ParsedDocument> {
  if (pdfHeaderOffset(bytes) === -1) throw new DocumentRejectedError('malformed', 'the file has no %PDF- header in its first KiB');
  checkDecodedSize(bytes);
  const text = await readPdfText(bytes, options);
  const chars = text.pages.reduce((n, page) => n + page.glyphs.reduce((m, g) => m + g.str.replace(/\s+/g, '').length, 0), 0);
  if (chars < MIN_TEXT_CHARS) {
    if (text.pages.length === 0) throw new DocumentRejectedError('malformed', 'no page of the PDF could be read');
    throw new DocumentRejectedError(
      'no-text',
      `the PDF has ${text.pageCount} page(s) but no text layer (a scan without OCR?); run OCR on it or send the text`,
    );
  }
  const warnings = [...text.warnings];
  if (!hasEofMarker(bytes)) warnings.push('the PDF has no %%EOF marker: it may be truncated; the text read may be incomplete');
  return recordFromLayout(layoutPages(text.pages), warnings);
}

/** `%%EOF` in the last KiB (writers may append a few bytes after it). */
function hasEofMarker(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes('%%EOF');
}

function sniffBytes(head: Uint8Array): boolean {
  return pdfHeaderOffset(head) !== -1;
}

/** The part of this format that detect-format runs (src/formats/detection.ts): no pdf.js. */
export const pdfDetector: BinaryFormatDetector = { id: 'pdf', maxBytes: MAX_PDF_BYTES, sniffBytes };

export const pdf: BinaryFormatHandler = { id: 'pdf', maxBytes: MAX_PDF_BYTES, sniffBytes, parseBytes: (bytes) => parsePdf(bytes) };

/**
 * Size limits of the document path. They live apart from src/documents.ts so
 * that format handlers can honour them without an import cycle; the public
 * names are re-exported from there.
 */

/** Bytes of a file's head read to detect its format (and sniffed by every handler). */
export const DETECT_HEAD_BYTES = 1024 * 1024;

/**
 * Largest file accepted, 512 MiB. PubMed baseline files (about 150 MB
 * uncompressed) and PubTator corpora fit with room to spare; anything larger
 * is rejected as `too-large` before a byte of it is parsed.
 */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Largest single document (one unit of a file), 16 MiB of UTF-8. A full-text
 * JATS article is a few hundred KiB; a unit beyond this is a split gone wrong
 * or not a document, and is rejected as `too-large` on its own, without
 * affecting the other units of its file.
 */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Largest UTF-16 file, 64 MiB. Document offsets of a UTF-16 file refer to its
 * UTF-8 transcoding, so the parse stage transcodes the whole file for each
 * document it reads; that must fit a parse function's memory many times over.
 * Larger UTF-16 files are rejected as `too-large` with a hint to save as UTF-8.
 */
export const MAX_UTF16_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Largest PDF, 64 MiB. A research article is a few MiB even with figures;
 * the parse stage holds the file and pdf.js's objects at once, so this bounds
 * its memory. Larger PDFs are rejected as `too-large` at detection.
 */
export const MAX_PDF_BYTES = 64 * 1024 * 1024;

/** Most pages read from one PDF, 300: an article, a thesis chapter or a report, not a book scan. Beyond it: `too-large`. */
export const MAX_PDF_PAGES = 300;

/**
 * Wall time one PDF may take to parse, 20 s. About 40 pages per second on one
 * core (scripts/bench-pdf.ts) puts 300 pages well inside it; a file that takes
 * longer is hostile or pathological and is rejected as `too-large` rather
 * than retried. Must stay below the parse function's timeout (lib/litstream-stack.ts).
 */
export const PDF_TIME_BUDGET_MS = 20_000;

/**
 * Bytes one compressed PDF stream (other than an image, which text extraction
 * never decodes) may inflate to, 64 MiB, and all of them together, 256 MiB:
 * a decompression bomb is rejected as `too-large` before pdf.js sees it.
 */
export const MAX_PDF_STREAM_DECODED_BYTES = 64 * 1024 * 1024;
export const MAX_PDF_DECODED_BYTES = 256 * 1024 * 1024;

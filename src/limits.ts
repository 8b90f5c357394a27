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

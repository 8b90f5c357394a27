/**
 * Checks on a PDF's raw bytes before pdf.js parses it: the header, and the
 * decoded size of its compressed streams (pdf.js inflates a stream whole and
 * on the main thread, so a decompression bomb would exhaust memory before any
 * time budget could stop it). Pure functions over bytes.
 */
import { constants, inflateSync } from 'node:zlib';
import { DocumentRejectedError } from '../../errors.ts';
import { MAX_PDF_DECODED_BYTES, MAX_PDF_STREAM_DECODED_BYTES } from '../../limits.ts';

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
/** PDF readers accept the header anywhere in the first KiB (ISO 32000-2, 7.5.2 and Annex H). */
export const PDF_HEADER_WINDOW = 1024;

/** Offset of `%PDF-` followed by a version digit in the first KiB, or -1. */
export function pdfHeaderOffset(head: Uint8Array): number {
  const end = Math.min(head.length, PDF_HEADER_WINDOW + MAGIC.length + 1);
  for (let i = head.indexOf(0x25); i !== -1 && i + MAGIC.length < end; i = head.indexOf(0x25, i + 1)) {
    if (MAGIC.every((b, k) => head[i + k] === b) && head[i + MAGIC.length] >= 0x30 && head[i + MAGIC.length] <= 0x39) return i;
  }
  return -1;
}

const ascii = new TextEncoder();
const STREAM = ascii.encode('stream');
const ENDSTREAM = ascii.encode('endstream');
const latin1 = new TextDecoder('latin1');

export interface StreamBudget {
  perStream: number;
  total: number;
}

/**
 * Inflates every Flate-compressed stream that is not an image (text
 * extraction never decodes images) and rejects the file as `too-large` when
 * one would decode to more than `perStream` bytes or all of them to more than
 * `total`. Streams that do not inflate (encrypted, damaged) are left to
 * pdf.js. Linear in the file's size plus its decoded size.
 */
export function checkDecodedSize(bytes: Uint8Array, budget: StreamBudget = { perStream: MAX_PDF_STREAM_DECODED_BYTES, total: MAX_PDF_DECODED_BYTES }): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded = 0;
  let from = 0;
  for (;;) {
    const keyword = buffer.indexOf(STREAM, from);
    if (keyword === -1) return;
    from = keyword + STREAM.length;
    // `endstream` contains `stream`: skip it.
    if (keyword >= 3 && buffer[keyword - 3] === 0x65 && buffer[keyword - 2] === 0x6e && buffer[keyword - 1] === 0x64) continue;
    let start = from;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] !== 0x0a) continue;
    start++;
    const end = buffer.indexOf(ENDSTREAM, start);
    const dictionary = latin1.decode(buffer.subarray(Math.max(0, keyword - 2048), keyword));
    const ownDictionary = dictionary.slice(dictionary.lastIndexOf(' obj'));
    from = end === -1 ? buffer.length : end + ENDSTREAM.length;
    if (!/\/FlateDecode|\/Fl\b/.test(ownDictionary) || /\/Subtype\s*\/Image|\/DCTDecode|\/JPXDecode/.test(ownDictionary)) continue;
    if (!isZlibHeader(buffer[start], buffer[start + 1])) continue;
    const room = Math.min(budget.perStream, budget.total - decoded);
    const size = inflatedSize(buffer.subarray(start, end === -1 ? buffer.length : end), room);
    if (size === null) {
      throw new DocumentRejectedError(
        'too-large',
        `a compressed stream of the PDF decodes to more than ${room} bytes (the limits are ${budget.perStream / 2 ** 20} MiB per stream and ${budget.total / 2 ** 20} MiB in all)`,
      );
    }
    decoded += size;
  }
}

function isZlibHeader(cmf: number | undefined, flg: number | undefined): boolean {
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/** Decoded size of a zlib stream, null when it exceeds `limit`; 0 when it does not inflate. */
function inflatedSize(data: Buffer, limit: number): number | null {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, limit), finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return null;
    return 0;
  }
}

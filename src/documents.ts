/**
 * From a file's bytes to its documents: format detection (by content, never
 * by name), text decoding (src/text-encoding.ts) and the split into
 * documents, streaming. Every format plugs in through its detector in
 * src/formats/detection.ts; the parse of a document is src/parse-document.ts.
 *
 * Binary formats (PDF) are recognised by their magic bytes before any
 * decoding: a binary file is one document, its unit is the raw bytes, and it
 * is parsed asynchronously from them (`parseDocumentBytes`).
 */
import { DocumentRejectedError } from './errors.ts';
import { BINARY_FORMAT_DETECTORS, FORMAT_DETECTORS } from './formats/detection.ts';
import { concatBytes } from './formats/split-lines.ts';
import type { BinaryFormatDetector, Detection, DocumentUnit, FormatDetector } from './formats/types.ts';
import { DETECT_HEAD_BYTES, MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, MAX_UTF16_FILE_BYTES } from './limits.ts';
import { bomLengthOf, decode, encodingOf, invalidBytesWarnings, startsWith, type Encoding } from './text-encoding.ts';

export { DETECT_HEAD_BYTES, MAX_DOCUMENT_BYTES, MAX_FILE_BYTES } from './limits.ts';

/** A format is chosen only when its detector's sniff reaches this score. */
export const MIN_SNIFF_SCORE = 0.5;

/** Share of control characters (other than tab, newline, CR, form feed) above which bytes are binary. */
const MAX_CONTROL_SHARE = 0.01;

/** Magic numbers of files that are certainly not text documents, and what to tell the sender. */
const BINARY_SIGNATURES: ReadonlyArray<{ magic: readonly number[]; offset?: number; what: string }> = [
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { magic: [0x57, 0x45, 0x42, 0x50], offset: 8, what: 'a WebP image' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (or an Office/EPUB file); unpack it and send the documents inside' },
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'an empty zip archive' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive; decompress it and send the file inside' },
  { magic: [0x42, 0x5a, 0x68], what: 'a bzip2 archive; decompress it and send the file inside' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive; decompress it and send the file inside' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive; decompress it and send the file inside' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7z archive; unpack it and send the documents inside' },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive; unpack it and send the documents inside' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'a legacy Office document' },
];

/**
 * The format and encoding of a file from its head (the first
 * DETECT_HEAD_BYTES, or all of it) and its total size. Throws
 * DocumentRejectedError: `empty`, `too-large`, `decode-error` or
 * `unsupported-format`.
 */
export function detectFormat(head: Uint8Array, totalSize: number): Detection {
  if (totalSize === 0 || head.length === 0) throw new DocumentRejectedError('empty', 'the file is empty (0 bytes)');
  if (totalSize > MAX_FILE_BYTES) {
    throw new DocumentRejectedError('too-large', `the file has ${totalSize} bytes; the limit is ${MAX_FILE_BYTES} (${MAX_FILE_BYTES / 2 ** 20} MiB)`);
  }
  const binary = BINARY_FORMAT_DETECTORS.find((d) => d.sniffBytes(head));
  if (binary) {
    if (totalSize > binary.maxBytes) {
      throw new DocumentRejectedError(
        'too-large',
        `the ${binary.id} file has ${totalSize} bytes; ${binary.id} files are limited to ${binary.maxBytes} (${binary.maxBytes / 2 ** 20} MiB)`,
      );
    }
    return { format: binary.id, encoding: 'binary', warnings: [] };
  }
  rejectBinarySignature(head);
  const { encoding, bomLength } = encodingOf(head);
  if (encoding !== 'utf-8' && totalSize > MAX_UTF16_FILE_BYTES) {
    throw new DocumentRejectedError(
      'too-large',
      `the file is UTF-16 with ${totalSize} bytes; UTF-16 files are limited to ${MAX_UTF16_FILE_BYTES / 2 ** 20} MiB (save it as UTF-8 for up to ${MAX_FILE_BYTES / 2 ** 20} MiB)`,
    );
  }
  const complete = head.length >= totalSize;
  const body = head.subarray(bomLength);
  if (encoding === 'utf-8') rejectBinaryBytes(body);
  const { text, invalid } = decode(body, encoding, !complete);
  if (text.trim() === '') {
    if (complete) throw new DocumentRejectedError('empty', 'the file holds only whitespace');
    throw new DocumentRejectedError('unsupported-format', 'the start of the file is only whitespace');
  }
  if (encoding !== 'utf-8') rejectBinaryText(text);
  const warnings = invalidBytesWarnings(invalid, text.length, 'the file');
  // Detectors sniff what the parsers will read: line endings normalised as in parseDocument.
  const detector = bestDetector(text.replace(/\r\n?/g, '\n'), complete);
  return { format: detector.id, encoding, warnings };
}

/**
 * The documents of a file, in order, as UTF-8 without BOM. `chunks` are the
 * raw bytes from the start of the file. A unit larger than
 * MAX_DOCUMENT_BYTES carries only its first MAX_DOCUMENT_BYTES + 1 bytes,
 * which `parseDocument` rejects as `too-large`; the units after it are not
 * affected.
 */
export async function* splitDocuments(detection: Detection, chunks: AsyncIterable<Uint8Array>): AsyncIterable<DocumentUnit> {
  if (detection.encoding === 'binary') {
    yield* wholeFile(chunks, binaryDetectorFor(detection.format).maxBytes);
    return;
  }
  const detector = detectorFor(detection.format);
  const text = utf8Stream(detection.encoding, chunks);
  const units = detector.split ? detector.split(text.chunks) : wholeFile(text.chunks);
  for await (const unit of units) {
    const shift = text.bomLength();
    yield { ...unit, start: unit.start + shift, end: unit.end + shift };
  }
}

/** One entry of a file: a document to parse, or the rejection that ends the file. */
export type FileEntry =
  | { kind: 'unit'; detection: Detection; unit: DocumentUnit }
  | { kind: 'rejected'; index: number; error: DocumentRejectedError; format: Detection['format'] | null };

/**
 * The documents of one file, in order: its format detected from `head` (at
 * least the first DETECT_HEAD_BYTES, or the whole file), then the units of
 * the stream `open` returns. A file that can never be read yields one
 * rejection at index 0; a split that fails part-way yields the units before
 * it and a rejection at the next index. Shared by `litstream parse` and the
 * detect-format function, so both cut a file the same way.
 */
export async function* documentsOfFile(
  head: Uint8Array,
  size: number,
  open: () => AsyncIterable<Uint8Array>,
): AsyncGenerator<FileEntry> {
  let detection: Detection;
  try {
    detection = detectFormat(head.subarray(0, DETECT_HEAD_BYTES), size);
  } catch (error) {
    if (!(error instanceof DocumentRejectedError)) throw error;
    yield { kind: 'rejected', index: 0, error, format: null };
    return;
  }
  let next = 0;
  try {
    for await (const unit of splitDocuments(detection, open())) {
      next = unit.index + 1;
      yield { kind: 'unit', detection, unit };
    }
  } catch (error) {
    if (!(error instanceof DocumentRejectedError)) throw error;
    yield { kind: 'rejected', index: next, error, format: detection.format };
  }
}

/** The registered text detector of a format; `unsupported-format` for one that is not registered. */
function detectorFor(format: Detection['format']): FormatDetector {
  const detector = FORMAT_DETECTORS.find((d) => d.id === format);
  if (!detector) throw new DocumentRejectedError('unsupported-format', `format ${format} is not supported`);
  return detector;
}

/** The registered binary detector of a format; `unsupported-format` for one that is not registered. */
function binaryDetectorFor(format: Detection['format']): BinaryFormatDetector {
  const detector = BINARY_FORMAT_DETECTORS.find((d) => d.id === format);
  if (!detector) throw new DocumentRejectedError('unsupported-format', `format ${format} is not a supported binary format`);
  return detector;
}

function bestDetector(text: string, complete: boolean): FormatDetector {
  let best: { detector: FormatDetector; score: number } | null = null;
  for (const detector of FORMAT_DETECTORS) {
    if (best && (detector.maxScore ?? 1) <= best.score) continue;
    const score = detector.sniff(text, complete);
    if (score > (best?.score ?? 0)) best = { detector, score };
  }
  if (!best || best.score < MIN_SNIFF_SCORE) {
    throw new DocumentRejectedError('unsupported-format', 'the content matches no supported format and is not running prose');
  }
  return best.detector;
}

function rejectBinarySignature(head: Uint8Array): void {
  const signature = BINARY_SIGNATURES.find((s) => startsWith(head, s.magic, s.offset));
  if (signature) throw new DocumentRejectedError('unsupported-format', `the file is ${signature.what}`);
}

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f;
}

/** NUL bytes, or control bytes beyond MAX_CONTROL_SHARE: binary, whatever else it is. UTF-16 without BOM lands here too. */
function rejectBinaryBytes(bytes: Uint8Array): void {
  if (bytes.includes(0)) throw new DocumentRejectedError('unsupported-format', 'the file is binary (it contains NUL bytes)');
  let controls = 0;
  for (const b of bytes) if (isControl(b)) controls++;
  if (controls > bytes.length * MAX_CONTROL_SHARE) {
    throw new DocumentRejectedError('unsupported-format', 'the file is binary (too many control characters)');
  }
}

function rejectBinaryText(text: string): void {
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) controls++;
  if (text.includes('\0') || controls > text.length * MAX_CONTROL_SHARE) {
    throw new DocumentRejectedError('unsupported-format', 'the file is binary (control characters in its text)');
  }
}

/**
 * The file as UTF-8 without BOM. `bomLength()` is the number of raw bytes
 * dropped before the text (known once the first bytes have been read) when
 * the file is UTF-8, so that offsets can be shifted back to raw ones; for
 * UTF-16 offsets stay in the transcoding and it is 0.
 */
function utf8Stream(encoding: Encoding, chunks: AsyncIterable<Uint8Array>): { chunks: AsyncIterable<Uint8Array>; bomLength: () => number } {
  let bomLength = 0;
  async function* withoutBom(): AsyncGenerator<Uint8Array> {
    const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding, { ignoreBOM: true });
    const encoder = new TextEncoder();
    let head: Uint8Array | null = new Uint8Array(0);
    for await (const chunk of chunks) {
      let bytes = chunk;
      if (head) {
        head = concatBytes([head, chunk]);
        if (head.length < 3) continue;
        const bom = bomLengthOf(head, encoding);
        if (encoding === 'utf-8') bomLength = bom;
        bytes = head.subarray(bom);
        head = null;
      }
      if (!decoder) yield bytes;
      else if (bytes.length > 0) yield encoder.encode(decoder.decode(bytes, { stream: true }));
    }
    if (head && head.length > 0) {
      const bom = bomLengthOf(head, encoding);
      if (encoding === 'utf-8') bomLength = bom;
      const rest = head.subarray(bom);
      if (!decoder) yield rest;
      else yield encoder.encode(decoder.decode(rest));
    } else if (decoder) {
      const tail = decoder.decode();
      if (tail) yield encoder.encode(tail);
    }
  }
  return { chunks: withoutBom(), bomLength: () => bomLength };
}

/** A single-document file: everything is unit 0, kept to `limit` + 1 bytes (MAX_DOCUMENT_BYTES for text). */
async function* wholeFile(chunks: AsyncIterable<Uint8Array>, limit = MAX_DOCUMENT_BYTES): AsyncGenerator<DocumentUnit> {
  const parts: Uint8Array[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    const room = limit + 1 - kept;
    if (room > 0) {
      const part = chunk.slice(0, room);
      parts.push(part);
      kept += part.length;
    }
  }
  if (size > 0) yield { index: 0, start: 0, end: size, bytes: concatBytes(parts, kept) };
}

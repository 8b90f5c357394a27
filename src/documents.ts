/**
 * From a file's bytes to parsed documents: format detection (by content,
 * never by name), text decoding, the split into documents and the parse of
 * one document. Every format plugs in through src/formats/index.ts.
 *
 * Encodings: UTF-8 with or without BOM, UTF-16 LE/BE with BOM. Handlers only
 * ever see UTF-8 without BOM. Unit offsets are byte offsets of the raw file
 * for UTF-8 files (the BOM counted); for UTF-16 files they are byte offsets
 * of the file's UTF-8 transcoding (without BOM), which is what
 * `unitBytesFromFile` slices.
 *
 * Binary formats (PDF) are recognised by their magic bytes before any
 * decoding: a binary file is one document, its unit is the raw bytes, and it
 * is parsed asynchronously from them (`parseDocumentBytes`).
 */
import { DocumentRejectedError } from './errors.ts';
import { BINARY_FORMAT_HANDLERS, FORMAT_HANDLERS } from './formats/index.ts';
import { concatBytes } from './formats/split-lines.ts';
import type { BinaryFormatHandler, Detection, DocumentUnit, FormatHandler, ParsedDocument } from './formats/types.ts';
import { MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, MAX_UTF16_FILE_BYTES } from './limits.ts';

export { DETECT_HEAD_BYTES, MAX_DOCUMENT_BYTES, MAX_FILE_BYTES } from './limits.ts';

/** A format is chosen only when its handler's sniff reaches this score. */
export const MIN_SNIFF_SCORE = 0.5;

/**
 * Invalid UTF-8 tolerated in a text: at most this many bytes, and at most one
 * per `INVALID_BYTES_PER_CHARS` characters. Such a text is decoded with
 * U+FFFD in their place and a warning; beyond it the file is `decode-error`.
 */
export const MAX_INVALID_BYTES = 16;
export const INVALID_BYTES_PER_CHARS = 2000;

/** Share of control characters (other than tab, newline, CR, form feed) above which bytes are binary. */
const MAX_CONTROL_SHARE = 0.01;

type Encoding = Exclude<Detection['encoding'], 'binary'>;

const BOMS: ReadonlyArray<{ encoding: Encoding; bytes: readonly number[] }> = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

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
  const binary = BINARY_FORMAT_HANDLERS.find((h) => h.sniffBytes(head));
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
  // Handlers sniff what they will parse: line endings normalised as in parseDocument.
  const handler = bestHandler(text.replace(/\r\n?/g, '\n'), complete);
  return { format: handler.id, encoding, warnings };
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
    yield* wholeFile(chunks, binaryHandlerFor(detection.format).maxBytes);
    return;
  }
  const handler = handlerFor(detection.format);
  const text = utf8Stream(detection.encoding, chunks);
  const units = handler.split ? handler.split(text.chunks) : wholeFile(text.chunks);
  for await (const unit of units) {
    const shift = text.bomLength();
    yield { ...unit, start: unit.start + shift, end: unit.end + shift };
  }
}

/**
 * Parses one unit (UTF-8, as `splitDocuments` yields it). Entity offsets are
 * verified against their section: a span that does not spell its mention is
 * dropped with a warning rather than stored wrong. Throws
 * DocumentRejectedError: `too-large`, `decode-error`, `empty`, `malformed`.
 */
export function parseDocument(detection: Detection, unitBytes: Uint8Array): ParsedDocument {
  if (detection.encoding === 'binary') {
    throw new DocumentRejectedError('unsupported-format', `format ${detection.format} is binary and parses asynchronously (parseDocumentBytes)`);
  }
  if (unitBytes.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentRejectedError('too-large', `the document has more than ${MAX_DOCUMENT_BYTES} bytes (${MAX_DOCUMENT_BYTES / 2 ** 20} MiB), the limit for one document`);
  }
  const handler = handlerFor(detection.format);
  const { text: raw, invalid } = decode(stripUtf8Bom(unitBytes), 'utf-8', false);
  const text = raw.replace(/\r\n?/g, '\n');
  const decodeWarnings = invalidBytesWarnings(invalid, text.length, 'the document');
  if (text.trim() === '') throw new DocumentRejectedError('empty', 'the document holds only whitespace');
  const parsed = parseWith(handler, text);
  // A reference that names its paper by DOI or PMID alone (a RIS export
  // without title or abstract) is a record of that paper; without either,
  // there is nothing to store.
  const idOnly = parsed.sections.length === 0;
  if (idOnly && !parsed.ids.doi && !parsed.ids.pmid) throw new DocumentRejectedError('malformed', `no text found in this ${handler.id} document`);
  const { entities, warnings } = verifiedEntities(parsed);
  const idWarnings = idOnly ? [`no title or abstract in this ${handler.id} document: stored as a reference by its ${parsed.ids.doi ? 'DOI' : 'PMID'}`] : [];
  return { ...parsed, entities, warnings: [...decodeWarnings, ...parsed.warnings, ...warnings, ...idWarnings] };
}

/**
 * Parses one unit of any format: a binary one (PDF) from its raw bytes, a
 * text one as `parseDocument` does. Throws DocumentRejectedError as
 * `parseDocument` does, and for binary formats also `no-text` and
 * `unsupported-format` (e.g. a password-protected PDF).
 */
export async function parseDocumentBytes(detection: Detection, unitBytes: Uint8Array): Promise<ParsedDocument> {
  if (detection.encoding !== 'binary') return parseDocument(detection, unitBytes);
  const handler = binaryHandlerFor(detection.format);
  if (unitBytes.length > handler.maxBytes) {
    throw new DocumentRejectedError('too-large', `the ${handler.id} file has more than ${handler.maxBytes} bytes (${handler.maxBytes / 2 ** 20} MiB)`);
  }
  let parsed: ParsedDocument;
  try {
    parsed = await handler.parseBytes(unitBytes);
  } catch (error) {
    if (error instanceof DocumentRejectedError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DocumentRejectedError('malformed', `this ${handler.id} file does not parse: ${reason}`, { cause: error });
  }
  if (parsed.sections.length === 0) throw new DocumentRejectedError('no-text', `no text found in this ${handler.id} file`);
  const { entities, warnings } = verifiedEntities(parsed);
  return { ...parsed, entities, warnings: [...parsed.warnings, ...warnings] };
}

/**
 * The bytes of the unit at [start, end) of a file, as `splitDocuments`
 * yielded them: for the parse stage, which re-reads a unit by its offsets.
 * UTF-16 files are transcoded whole first, since their offsets refer to the
 * UTF-8 transcoding (linear in the file per call; UTF-16 files are rare and
 * small in practice).
 */
export function unitBytesFromFile(detection: Detection, fileBytes: Uint8Array, start: number, end: number): Uint8Array {
  if (detection.encoding === 'utf-8' || detection.encoding === 'binary') return fileBytes.subarray(start, end);
  const body = fileBytes.subarray(bomLengthOf(fileBytes, detection.encoding));
  const text = new TextDecoder(detection.encoding, { ignoreBOM: true }).decode(body);
  return new TextEncoder().encode(text).subarray(start, end);
}

/** The registered text handler of a format; `unsupported-format` for one that is not registered. */
export function handlerFor(format: Detection['format']): FormatHandler {
  const handler = FORMAT_HANDLERS.find((h) => h.id === format);
  if (!handler) throw new DocumentRejectedError('unsupported-format', `format ${format} is not supported`);
  return handler;
}

/** The registered binary handler of a format; `unsupported-format` for one that is not registered. */
export function binaryHandlerFor(format: Detection['format']): BinaryFormatHandler {
  const handler = BINARY_FORMAT_HANDLERS.find((h) => h.id === format);
  if (!handler) throw new DocumentRejectedError('unsupported-format', `format ${format} is not a supported binary format`);
  return handler;
}

function bestHandler(text: string, complete: boolean): FormatHandler {
  let best: { handler: FormatHandler; score: number } | null = null;
  for (const handler of FORMAT_HANDLERS) {
    if (best && (handler.maxScore ?? 1) <= best.score) continue;
    const score = handler.sniff(text, complete);
    if (score > (best?.score ?? 0)) best = { handler, score };
  }
  if (!best || best.score < MIN_SNIFF_SCORE) {
    throw new DocumentRejectedError('unsupported-format', 'the content matches no supported format and is not running prose');
  }
  return best.handler;
}

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);
}

function rejectBinarySignature(head: Uint8Array): void {
  const signature = BINARY_SIGNATURES.find((s) => startsWith(head, s.magic, s.offset));
  if (signature) throw new DocumentRejectedError('unsupported-format', `the file is ${signature.what}`);
}

function encodingOf(bytes: Uint8Array): { encoding: Encoding; bomLength: number } {
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  return bom ? { encoding: bom.encoding, bomLength: bom.bytes.length } : { encoding: 'utf-8', bomLength: 0 };
}

/** Length of the BOM of `encoding` at the start of `bytes`, 0 when there is none. */
function bomLengthOf(bytes: Uint8Array, encoding: Encoding): number {
  const bom = BOMS.find((b) => b.encoding === encoding);
  return bom && startsWith(bytes, bom.bytes) ? bom.bytes.length : 0;
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
 * Decodes without throwing and counts the invalid sequences (replacement
 * characters that were not U+FFFD in the source). With `partial`, an
 * incomplete character at the end is ignored: the head cut it.
 */
function decode(bytes: Uint8Array, encoding: Encoding, partial: boolean): { text: string; invalid: number } {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes, { stream: partial });
  const replacements = countOf(text, '\uFFFD');
  if (replacements === 0) return { text, invalid: 0 };
  const genuine = encoding === 'utf-8' ? countSequence(bytes, [0xef, 0xbf, 0xbd]) : countSequence(bytes, encoding === 'utf-16le' ? [0xfd, 0xff] : [0xff, 0xfd]);
  return { text, invalid: Math.max(0, replacements - genuine) };
}

/** Warnings for a tolerated number of invalid bytes; `decode-error` beyond the tolerance. */
function invalidBytesWarnings(invalid: number, chars: number, what: string): string[] {
  if (invalid === 0) return [];
  if (invalid > MAX_INVALID_BYTES || invalid * INVALID_BYTES_PER_CHARS > chars) {
    throw new DocumentRejectedError('decode-error', `${what} is not valid UTF-8 or UTF-16 text (${invalid} invalid byte sequences); save it as UTF-8`);
  }
  return [`${invalid} invalid byte sequence(s) in ${what} replaced by U+FFFD`];
}

function countOf(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function countSequence(bytes: Uint8Array, sequence: readonly number[]): number {
  let n = 0;
  for (let i = bytes.indexOf(sequence[0]); i !== -1; i = bytes.indexOf(sequence[0], i + 1)) {
    if (sequence.every((b, k) => bytes[i + k] === b)) n++;
  }
  return n;
}

function stripUtf8Bom(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(bomLengthOf(bytes, 'utf-8'));
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

function parseWith(handler: FormatHandler, text: string): ParsedDocument {
  try {
    return handler.parse(text);
  } catch (error) {
    if (error instanceof DocumentRejectedError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DocumentRejectedError('malformed', `this ${handler.id} document does not parse: ${reason}`, { cause: error });
  }
}

/** Entities whose offsets spell their text in their section; a warning for each one dropped. */
function verifiedEntities(parsed: ParsedDocument): { entities: ParsedDocument['entities']; warnings: string[] } {
  const warnings: string[] = [];
  const entities = parsed.entities.filter((entity) => {
    const section = parsed.sections[entity.section];
    const ok = section !== undefined && entity.start <= entity.end && section.text.slice(entity.start, entity.end) === entity.text;
    if (!ok) warnings.push(`entity "${entity.text}" dropped: its offsets ${entity.start}-${entity.end} in section ${entity.section} do not spell it`);
    return ok;
  });
  return { entities, warnings };
}

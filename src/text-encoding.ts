/**
 * Text encodings of the documents: UTF-8 with or without BOM, UTF-16 LE/BE
 * with BOM. Handlers only ever see UTF-8 without BOM. Unit offsets are byte
 * offsets of the raw file for UTF-8 files (the BOM counted); for UTF-16 files
 * they are byte offsets of the file's UTF-8 transcoding (without BOM), which
 * is what `unitBytesFromFile` slices. Shared by detection (the head of a
 * file, src/documents.ts) and parse (a unit, src/parse-document.ts).
 */
import { DocumentRejectedError } from './errors.ts';
import type { Detection } from './formats/types.ts';

/**
 * Invalid UTF-8 tolerated in a text: at most this many bytes, and at most one
 * per `INVALID_BYTES_PER_CHARS` characters. Such a text is decoded with
 * U+FFFD in their place and a warning; beyond it the file is `decode-error`.
 */
export const MAX_INVALID_BYTES = 16;
export const INVALID_BYTES_PER_CHARS = 2000;

export type Encoding = Exclude<Detection['encoding'], 'binary'>;

const BOMS: ReadonlyArray<{ encoding: Encoding; bytes: readonly number[] }> = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** Whether `bytes` hold `magic` at `offset`. */
export function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);
}

/** The encoding a file's BOM declares (UTF-8 when it has none) and the BOM's length. */
export function encodingOf(bytes: Uint8Array): { encoding: Encoding; bomLength: number } {
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  return bom ? { encoding: bom.encoding, bomLength: bom.bytes.length } : { encoding: 'utf-8', bomLength: 0 };
}

/** Length of the BOM of `encoding` at the start of `bytes`, 0 when there is none. */
export function bomLengthOf(bytes: Uint8Array, encoding: Encoding): number {
  const bom = BOMS.find((b) => b.encoding === encoding);
  return bom && startsWith(bytes, bom.bytes) ? bom.bytes.length : 0;
}

/**
 * Decodes without throwing and counts the invalid sequences (replacement
 * characters that were not U+FFFD in the source). With `partial`, an
 * incomplete character at the end is ignored: the head cut it.
 */
export function decode(bytes: Uint8Array, encoding: Encoding, partial: boolean): { text: string; invalid: number } {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes, { stream: partial });
  const replacements = countOf(text, '\uFFFD');
  if (replacements === 0) return { text, invalid: 0 };
  const genuine = encoding === 'utf-8' ? countSequence(bytes, [0xef, 0xbf, 0xbd]) : countSequence(bytes, encoding === 'utf-16le' ? [0xfd, 0xff] : [0xff, 0xfd]);
  return { text, invalid: Math.max(0, replacements - genuine) };
}

/** Warnings for a tolerated number of invalid bytes; `decode-error` beyond the tolerance. */
export function invalidBytesWarnings(invalid: number, chars: number, what: string): string[] {
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

export function stripUtf8Bom(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(bomLengthOf(bytes, 'utf-8'));
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

/**
 * Streaming split of line-oriented files into documents. Memory stays bounded
 * by one document plus one chunk: bytes are never decoded as a whole, and a
 * document beyond `maxUnitBytes` keeps only its first `maxUnitBytes + 1`
 * bytes (enough for the parse stage to reject it as too large) while its
 * offsets still cover all of it.
 */
import type { DocumentUnit } from './types.ts';

const NEWLINE = 0x0a;

/** One line of a byte stream: its bytes (newline included; possibly truncated) and its offsets in the stream. */
export interface ByteLine {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/**
 * The lines of a byte stream. Each line's `bytes` is a fresh copy, truncated
 * to `maxLineBytes` (its `end` still counts every byte).
 */
export async function* readLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<ByteLine> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineStart = 0;
  let offset = 0;
  const take = (part: Uint8Array) => {
    const room = maxLineBytes - pendingBytes;
    if (room > 0) pending.push(part.slice(0, room));
    pendingBytes += Math.min(part.length, Math.max(room, 0));
  };
  const emit = (end: number): ByteLine => {
    const line = { bytes: concatBytes(pending, pendingBytes), start: lineStart, end };
    pending = [];
    pendingBytes = 0;
    lineStart = end;
    return line;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, from)) {
      take(chunk.subarray(from, i + 1));
      yield emit(offset + i + 1);
      from = i + 1;
    }
    take(chunk.subarray(from));
    offset += chunk.length;
  }
  if (offset > lineStart) yield emit(offset);
}

/** Whether a line holds nothing but whitespace. */
export function isBlankLine(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a);
}

/**
 * Documents separated by blank lines. `startsDocument(line)` may also end the
 * current document at a line that can only open a new one (for files that
 * lost their blank lines). Units are numbered from 0 in order.
 */
export async function* splitBlankLineSeparated(
  chunks: AsyncIterable<Uint8Array>,
  maxUnitBytes: number,
  startsDocument: (line: Uint8Array) => boolean = () => false,
): AsyncGenerator<DocumentUnit> {
  let lines: Uint8Array[] = [];
  let size = 0;
  let start = 0;
  let end = 0;
  let index = 0;
  const flush = (): DocumentUnit => {
    const unit = { index: index++, start, end, bytes: concatBytes(lines, size) };
    lines = [];
    size = 0;
    return unit;
  };
  for await (const line of readLines(chunks, maxUnitBytes + 1)) {
    if (isBlankLine(line.bytes)) {
      if (lines.length > 0) yield flush();
      continue;
    }
    if (lines.length > 0 && startsDocument(line.bytes)) yield flush();
    if (lines.length === 0) start = line.start;
    end = line.end;
    const room = maxUnitBytes + 1 - size;
    if (room > 0) {
      const part = line.bytes.subarray(0, room);
      lines.push(part);
      size += part.length;
    }
  }
  if (lines.length > 0) yield flush();
}

/** Concatenates `parts` (of `total` bytes) into one array. */
export function concatBytes(parts: Uint8Array[], total = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

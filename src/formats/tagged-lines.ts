/**
 * Shared machinery of the line-tagged formats (MEDLINE/NBIB, RIS, Web of
 * Science): a streaming splitter that groups lines into records, and a reader
 * that turns a record's text into ordered (tag, value) fields.
 */
import { DocumentRejectedError } from '../errors.ts';
import type { DocumentUnit } from './types.ts';
import { ByteWindow } from './xml.ts';

/**
 * What a line does to record grouping:
 * - `begin`: starts a new record here (closing the open one before this line);
 * - `end`: belongs to the open record and closes it;
 * - `break`: closes the open record before this line (a blank separator);
 * - `line`: belongs to the open record; outside a record it is ignored.
 */
export type LineRole = 'begin' | 'end' | 'break' | 'line';

/**
 * Classifies a line from its first bytes (`head`, latin1-decoded, at most 16
 * characters, without line ending) and whether it is blank.
 */
export type LineClassifier = (head: string, blank: boolean, inRecord: boolean) => LineRole;

const LF = 0x0a;
const HEAD_BYTES = 16;

function isBlank(buf: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const b = buf[k];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== LF) return false;
  }
  return true;
}

function lineHead(buf: Uint8Array, from: number, to: number): string {
  let end = Math.min(to, from + HEAD_BYTES);
  while (end > from && (buf[end - 1] === LF || buf[end - 1] === 0x0d)) end--;
  return String.fromCharCode(...buf.subarray(from, end));
}

/**
 * Groups the lines of a UTF-8 byte stream into records. A record's bytes run
 * from its first line to the end of its last non-blank line. Memory holds the
 * open record plus one chunk. A record still open at the end of the stream
 * is yielded as it is. Throws DocumentRejectedError('malformed') when no
 * record is found (`what` names the format in the message).
 */
export async function* splitLineRecords(
  chunks: AsyncIterable<Uint8Array>,
  classify: LineClassifier,
  what: string,
): AsyncGenerator<DocumentUnit> {
  const win = new ByteWindow();
  let pos = 0; // start of the next unread line
  let unitStart = -1;
  let contentEnd = -1; // end of the last non-blank line of the open record
  let index = 0;

  const unit = (): DocumentUnit => {
    const u = win.unit(index++, unitStart, contentEnd);
    unitStart = -1;
    return u;
  };
  const handle = (from: number, to: number, ready: DocumentUnit[]) => {
    const blank = isBlank(win.buf, from, to);
    const role = classify(blank ? '' : lineHead(win.buf, from, to), blank, unitStart >= 0);
    if (role === 'begin') {
      if (unitStart >= 0) ready.push(unit());
      unitStart = from;
      contentEnd = to;
    } else if (role === 'break') {
      if (unitStart >= 0) ready.push(unit());
    } else if (unitStart >= 0) {
      if (!blank) contentEnd = to;
      if (role === 'end') ready.push(unit());
    }
  };

  for await (const chunk of chunks) {
    win.append(chunk);
    const ready: DocumentUnit[] = [];
    for (;;) {
      const nl = win.buf.subarray(0, win.len).indexOf(LF, pos);
      if (nl < 0) break;
      handle(pos, nl + 1, ready);
      pos = nl + 1;
    }
    const keepFrom = unitStart >= 0 ? unitStart : pos;
    win.discard(keepFrom);
    pos -= keepFrom;
    if (unitStart >= 0) {
      contentEnd -= keepFrom;
      unitStart = 0;
    }
    yield* ready;
  }
  const last: DocumentUnit[] = [];
  if (pos < win.len) handle(pos, win.len, last);
  if (unitStart >= 0) last.push(unit());
  yield* last;
  if (index === 0) throw new DocumentRejectedError('malformed', `no ${what} record found`);
}

export interface TaggedField {
  tag: string;
  /** The value, continuation lines each kept as an element. */
  lines: string[];
}

/**
 * Reads the fields of one record. `tagOf` returns [tag, value] for a line
 * that starts a field, or null for a continuation line (whose text, trimmed,
 * is appended to the previous field). Lines before the first field are
 * ignored.
 */
export function readTaggedFields(text: string, tagOf: (line: string) => [string, string] | null): TaggedField[] {
  const fields: TaggedField[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n|\r/)) {
    if (raw.trim() === '') continue;
    const tagged = tagOf(raw);
    if (tagged) fields.push({ tag: tagged[0], lines: [tagged[1].trim()] });
    else if (fields.length > 0) fields[fields.length - 1].lines.push(raw.trim());
  }
  return fields;
}

/** A field's continuation lines joined into one line of text. */
export const joined = (f: TaggedField): string => f.lines.join(' ').replace(/\s+/g, ' ').trim();

/** Values of every field tagged with one of `tags`, in order. */
export function values(fields: TaggedField[], ...tags: string[]): string[] {
  return fields.filter((f) => tags.includes(f.tag)).map(joined).filter(Boolean);
}

/** The first value among `tags`, in the order of `tags` (preference order). */
export function first(fields: TaggedField[], ...tags: string[]): string | null {
  for (const tag of tags) {
    const f = fields.find((x) => x.tag === tag);
    const v = f ? joined(f) : '';
    if (v) return v;
  }
  return null;
}

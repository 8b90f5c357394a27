/**
 * From bytes to records: the same functions run in the `litstream parse`
 * command and, split across stages, in the deployed Lambda functions, so a
 * document comes out identical either way. Each stage imports only its own
 * part, so that its function bundle holds only what it runs:
 *
 * - detect-format: `documentsOfFile` (src/documents.ts), `rejectedRecord`;
 * - parse: `parseUnit` (src/parse-document.ts);
 * - extract: `buildRecord` (src/build-record.ts).
 *
 * This module puts them together for the command, the tests and the
 * benchmarks.
 */
import { buildRecord } from './build-record.ts';
import { documentsOfFile } from './documents.ts';
import { parseUnit } from './parse-document.ts';
import type { Detection } from './formats/types.ts';
import type { LitRecord, Source } from './record.ts';
import { rejectedRecord } from './rejected-record.ts';

export { buildRecord } from './build-record.ts';
export { contentDocId, docIdFor } from './doc-id.ts';
export { documentsOfFile, type FileEntry } from './documents.ts';
export { parseUnit, type ParseOutcome } from './parse-document.ts';
export { rejectedRecord } from './rejected-record.ts';

/** Parse and extract one unit: what the parse and extract stages do together. */
export async function recordForUnit(detection: Detection, source: Source, unitBytes: Uint8Array): Promise<LitRecord> {
  const outcome = await parseUnit(detection, source, unitBytes);
  return outcome.kind === 'parsed' ? buildRecord(outcome.parsed, source, outcome.docId) : outcome.record;
}

/** Every record of one file, in order (see `documentsOfFile`). */
export async function* recordsForFile(
  key: string,
  head: Uint8Array,
  size: number,
  open: () => AsyncIterable<Uint8Array>,
): AsyncGenerator<LitRecord> {
  for await (const entry of documentsOfFile(head, size, open)) {
    yield entry.kind === 'unit'
      ? await recordForUnit(entry.detection, { key, index: entry.unit.index }, entry.unit.bytes)
      : rejectedRecord({ key, index: entry.index }, entry.error, head, entry.format);
  }
}

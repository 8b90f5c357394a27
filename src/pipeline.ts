/**
 * From bytes to records: the same functions run in the `litstream parse`
 * command and, split across stages, in the deployed Lambda functions, so a
 * document comes out identical either way.
 */
import { createHash } from 'node:crypto';
import { detectFormat, parseDocumentBytes, splitDocuments, DETECT_HEAD_BYTES } from './documents.ts';
import { DocumentRejectedError } from './errors.ts';
import type { Detection, DocumentUnit, ParsedDocument } from './formats/types.ts';
import { classifyDesign, extractMetrics, readSentences } from './metrics/index.ts';
import { LitRecord, type Source } from './record.ts';

/** `sha256:` followed by the first 16 hex digits of the SHA-256 of `bytes`. */
export function contentDocId(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}

/** pmid:<digits>, else doi:<lower-cased DOI>, else the content hash. */
export function docIdFor(parsed: Pick<ParsedDocument, 'ids'>, unitBytes: Uint8Array): string {
  if (parsed.ids.pmid && /^\d+$/.test(parsed.ids.pmid)) return `pmid:${parsed.ids.pmid}`;
  if (parsed.ids.doi) return `doi:${parsed.ids.doi.trim().toLowerCase()}`;
  return contentDocId(unitBytes);
}

/** The record of a parsed document: identity, metrics and design added. */
export function buildRecord(parsed: ParsedDocument, source: Source, docId: string): LitRecord {
  // The design and the metrics read the same sentences: split and tested once.
  const sentences = readSentences(parsed.sections);
  const design = classifyDesign(parsed.sections, {
    format: parsed.format,
    publicationTypes: parsed.publicationTypes ?? [],
    meshHeadings: parsed.meshHeadings ?? [],
  }, sentences);
  const record: LitRecord = {
    docId,
    status: 'extracted',
    format: parsed.format,
    source,
    ids: parsed.ids,
    title: parsed.title,
    ...(parsed.titleTranslations && Object.keys(parsed.titleTranslations).length > 0
      ? { titleTranslations: parsed.titleTranslations }
      : {}),
    language: parsed.language,
    authors: parsed.authors,
    journal: parsed.journal,
    published: parsed.published,
    sections: parsed.sections,
    entities: parsed.entities,
    metrics: extractMetrics(parsed.sections, design, sentences),
    design,
    relations: parsed.relations,
    references: parsed.references,
    warnings: parsed.warnings,
    rejection: null,
  };
  return LitRecord.parse(record);
}

/**
 * The record of a document that can never be processed. `bytes` is what
 * identifies it (the unit, or the head of a file rejected as a whole).
 */
export function rejectedRecord(
  source: Source,
  error: DocumentRejectedError,
  bytes: Uint8Array,
  format: Detection['format'] | null = null,
): LitRecord {
  return {
    docId: contentDocId(bytes),
    status: 'rejected',
    format,
    source,
    ids: { pmid: null, doi: null, pmcid: null },
    title: null,
    language: null,
    authors: [],
    journal: null,
    published: null,
    sections: [],
    entities: [],
    metrics: [],
    design: null,
    relations: [],
    references: [],
    warnings: [],
    rejection: { code: error.code, message: error.message },
  };
}

/** The parse stage's outcome for one unit: a parsed document with its docId, or a rejected record. */
export type ParseOutcome =
  | { kind: 'parsed'; docId: string; parsed: ParsedDocument }
  | { kind: 'rejected'; record: LitRecord };

/** Parses one unit (of any format); a document that can never be parsed becomes a rejected record. */
export async function parseUnit(detection: Detection, source: Source, unitBytes: Uint8Array): Promise<ParseOutcome> {
  try {
    const parsed = await parseDocumentBytes(detection, unitBytes);
    parsed.warnings = [...detection.warnings, ...parsed.warnings];
    return { kind: 'parsed', docId: docIdFor(parsed, unitBytes), parsed };
  } catch (error) {
    if (error instanceof DocumentRejectedError) {
      return { kind: 'rejected', record: rejectedRecord(source, error, unitBytes, detection.format) };
    }
    throw error;
  }
}

/** Parse and extract one unit: what the parse and extract stages do together. */
export async function recordForUnit(detection: Detection, source: Source, unitBytes: Uint8Array): Promise<LitRecord> {
  const outcome = await parseUnit(detection, source, unitBytes);
  return outcome.kind === 'parsed' ? buildRecord(outcome.parsed, source, outcome.docId) : outcome.record;
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

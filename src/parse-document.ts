/**
 * The parse of one document: its unit's bytes, as `splitDocuments`
 * (src/documents.ts) yields them, decoded and read by its format's parser
 * (the parse registry, src/formats/index.ts), its entity offsets verified.
 * What the parse function runs, and `litstream parse` after the split.
 */
import { docIdFor } from './doc-id.ts';
import { DocumentRejectedError } from './errors.ts';
import { BINARY_FORMAT_HANDLERS, FORMAT_HANDLERS } from './formats/index.ts';
import type { BinaryFormatHandler, Detection, FormatHandler, ParsedDocument } from './formats/types.ts';
import { MAX_DOCUMENT_BYTES } from './limits.ts';
import type { LitRecord, Source } from './record.ts';
import { rejectedRecord } from './rejected-record.ts';
import { decode, invalidBytesWarnings, stripUtf8Bom } from './text-encoding.ts';

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

/**
 * The record of a document that can never be processed, as every stage and
 * `litstream parse` store it: no text, no metrics, the rejection's code and
 * message.
 */
import { contentDocId } from './doc-id.ts';
import type { DocumentRejectedError } from './errors.ts';
import type { Detection } from './formats/types.ts';
import type { LitRecord, Source } from './record.ts';

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

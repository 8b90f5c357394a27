/**
 * A document's docId, the key its record is stored under: the same paper
 * gets the same docId from any source that names its PMID or DOI.
 */
import { createHash } from 'node:crypto';
import type { ParsedDocument } from './formats/types.ts';

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

/**
 * BioC JSON: a collection `{"source":…, "documents":[…]}`, the PubTator3 API
 * wrapper `{"PubTator3":[…]}`, a bare array of documents, or a single
 * document object. `split` yields the bytes of each document; `parse` reads
 * one document (given a collection or wrapper, the first document only).
 */
import { DocumentRejectedError } from '../errors.ts';
import { biocToParsed, type BiocAnnotation, type BiocDocument, type BiocPassage, type BiocRelation, type Infons } from './bioc.ts';
import type { DocumentUnit, FormatDetector, FormatHandler, ParsedDocument } from './types.ts';
import { ByteWindow } from './xml.ts';

/** Keys whose array value holds the documents. */
const DOCUMENT_ARRAYS = new Set(['documents', 'PubTator3']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objects = (v: unknown): Json[] => list(v).filter(isObject);
const infonsOf = (v: unknown): Infons => (isObject(v) ? v : {});
const idOf = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function malformed(message: string): never {
  throw new DocumentRejectedError('malformed', `BioC JSON: ${message}`);
}

function int(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return malformed(`${what} is not an integer`);
}

function annotation(a: Json): BiocAnnotation {
  return {
    id: idOf(a.id),
    infons: infonsOf(a.infons),
    text: typeof a.text === 'string' ? a.text : '',
    locations: objects(a.locations).map((l) => ({ offset: int(l.offset, 'location offset'), length: int(l.length, 'location length') })),
  };
}

function relation(r: Json): BiocRelation {
  return {
    id: idOf(r.id),
    infons: infonsOf(r.infons),
    nodes: objects(r.nodes).map((n) => ({ refid: idOf(n.refid), role: idOf(n.role) })),
  };
}

function passage(p: Json): BiocPassage {
  return {
    infons: infonsOf(p.infons),
    offset: int(p.offset ?? 0, 'passage offset'),
    text: typeof p.text === 'string' ? p.text : '',
    annotations: objects(p.annotations).map(annotation),
    relations: objects(p.relations).map(relation),
  };
}

const META_KEYS = ['_id', 'pmid', 'pmcid', 'journal', 'date', 'authors'];

export function readBiocJsonDocument(d: Json): BiocDocument {
  if (!Array.isArray(d.passages)) malformed('document has no "passages" array');
  const meta: Infons = {};
  for (const key of META_KEYS) if (d[key] !== undefined && d[key] !== null) meta[key] = d[key];
  return {
    id: idOf(d.id),
    infons: infonsOf(d.infons),
    passages: objects(d.passages).map(passage),
    relations: objects(d.relations).map(relation),
    meta,
  };
}

/** The first document of a collection, wrapper, array, or the value itself. */
function firstDocument(value: unknown): Json {
  if (Array.isArray(value)) return firstDocument(value[0]);
  if (!isObject(value)) return malformed('no document object');
  for (const key of DOCUMENT_ARRAYS) {
    if (Array.isArray(value[key])) {
      const first = value[key][0];
      return isObject(first) ? first : malformed(`"${key}" holds no document`);
    }
  }
  return value;
}

// ---------------------------------------------------------------------------
// Streaming split: a string- and escape-aware bracket-depth scanner over bytes.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;

/**
 * Yields each element of the top-level `documents` / `PubTator3` array (or
 * of a top-level array) as a unit; a top-level object without such an array
 * that has "passages" is one document. Memory holds the current document (or
 * the top-level object until its document array is found) plus one chunk.
 */
async function* splitBiocJson(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<DocumentUnit> {
  const win = new ByteWindow();
  const decoder = new TextDecoder();
  let pos = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = -1;
  let lastKeyCandidate = '';
  let pendingKey = '';
  let arrayDepth = -1; // depth inside the documents array, once found
  let unitStart = -1;
  let topStart = -1;
  let topKeys = new Set<string>();
  let topClosed = false;
  let index = 0;

  const unit = (start: number, end: number): DocumentUnit => win.unit(index++, start, end);

  for await (const chunk of chunks) {
    win.append(chunk);
    const buf = win.buf;
    const ready: DocumentUnit[] = [];
    for (; pos < win.len; pos++) {
      const b = buf[pos];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (depth === 1 && arrayDepth < 0) lastKeyCandidate = decoder.decode(buf.subarray(stringStart + 1, pos));
        }
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        stringStart = pos;
      } else if (b === COLON) {
        if (depth === 1 && arrayDepth < 0) {
          pendingKey = lastKeyCandidate;
          topKeys.add(pendingKey);
        }
      } else if (b === OPEN_OBJ || b === OPEN_ARR) {
        if (depth === 0) {
          topStart = pos;
          if (b === OPEN_ARR) arrayDepth = 1;
        } else if (depth === 1 && b === OPEN_ARR && arrayDepth < 0 && DOCUMENT_ARRAYS.has(pendingKey)) {
          arrayDepth = 2;
        }
        if (depth === arrayDepth && b === OPEN_OBJ && unitStart < 0) unitStart = pos;
        depth++;
        pendingKey = '';
      } else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
        depth--;
        if (depth === arrayDepth && unitStart >= 0) {
          ready.push(unit(unitStart, pos + 1));
          unitStart = -1;
        } else if (depth === 0) {
          topClosed = true;
          if (arrayDepth < 0 && topKeys.has('passages')) ready.push(unit(topStart, pos + 1));
        }
        if (depth < 0) malformed('unbalanced brackets');
      } else if (b === 0x2c && depth === 1) {
        pendingKey = '';
      }
    }
    // Keep the current document; before the document array is found, keep the
    // top-level object (it may itself be the single document).
    const keepFrom = unitStart >= 0 ? unitStart : arrayDepth < 0 && topStart >= 0 && !topClosed ? topStart : pos;
    const safeKeep = inString && stringStart >= 0 ? Math.min(keepFrom, stringStart) : keepFrom;
    win.discard(safeKeep);
    pos -= safeKeep;
    if (unitStart >= 0) unitStart -= safeKeep;
    if (topStart >= 0) topStart -= safeKeep;
    if (stringStart >= 0) stringStart -= safeKeep;
    yield* ready;
  }
  if (unitStart >= 0) yield unit(unitStart, win.len);
  else if (arrayDepth < 0 && topStart >= 0 && !topClosed) yield unit(topStart, win.len);
  if (index === 0) malformed('no "documents" or "PubTator3" array and no document object found');
}

function sniff(text: string): number {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{') && !head.startsWith('[')) return 0;
  if (/"PubTator3"\s*:\s*\[/.test(head)) return 0.95;
  if (/"documents"\s*:\s*\[/.test(head) && /"passages"\s*:/.test(head)) return 0.95;
  if (/"passages"\s*:\s*\[/.test(head) && /"(infons|offset)"\s*:/.test(head)) return 0.9;
  if (/"documents"\s*:\s*\[/.test(head) && /"source"\s*:/.test(head)) return 0.6;
  return 0;
}

function parse(text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DocumentRejectedError('malformed', `BioC JSON does not parse: ${(error as Error).message}`, { cause: error });
  }
  return biocToParsed(readBiocJsonDocument(firstDocument(value)), 'bioc-json');
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const biocJsonDetector: FormatDetector = { id: 'bioc-json', sniff, split: splitBiocJson };

export const biocJson: FormatHandler = { id: 'bioc-json', sniff, split: splitBiocJson, parse };

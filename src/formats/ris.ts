/**
 * RIS (`TY  - JOUR` … `ER  - `) and its Web of Science export variant
 * (`PT J` … `ER`, two-letter tags followed by one space, continuation lines
 * indented three spaces, the file framed by `FN`/`VR` … `EF`). Many records
 * per file; text outside records (numbering lines, headers) is ignored.
 */
import { DocumentRejectedError } from '../errors.ts';
import type { Author, Reference } from '../record.ts';
import { displayName, isoDate, languageCode, makeIds, normalizeDoi, parseLooseDate, splitStructuredAbstract, withTitle } from './bibliographic.ts';
import type { DocumentUnit, FormatDetector, FormatHandler, ParsedDocument } from './types.ts';
import { first, readTaggedFields, splitLineRecords, values, type LineClassifier, type TaggedField } from './tagged-lines.ts';

const RIS_FIELD = /^([A-Z][A-Z0-9])  -(?: (.*))?$/;
const WOS_FIELD = /^([A-Z][A-Z0-9]) (.*)$/;
const WOS_BARE = /^(ER|EF)\s*$/;
const END_OF_RECORD = /^ER(?:\s*-.*)?\s*$/;

/** RIS reference types and Web of Science document types → publication types. */
const PUBLICATION_TYPES: Record<string, string> = {
  JOUR: 'Journal Article', JFULL: 'Journal Article', EJOUR: 'Journal Article', MGZN: 'Magazine Article',
  NEWS: 'Newspaper Article', ABST: 'Abstract', BOOK: 'Book', EBOOK: 'Book', CHAP: 'Book Chapter',
  ECHAP: 'Book Chapter', CONF: 'Conference Proceedings', CPAPER: 'Conference Paper', THES: 'Thesis',
  RPRT: 'Report', GOVDOC: 'Government Document', STAND: 'Standard', PAT: 'Patent', DATA: 'Dataset',
  ELEC: 'Web Page', CASE: 'Case Report', GEN: 'Generic', SER: 'Serial', UNPB: 'Unpublished Work',
  // Web of Science DT values
  ARTICLE: 'Journal Article', REVIEW: 'Review', 'MEETING ABSTRACT': 'Meeting Abstract',
  'PROCEEDINGS PAPER': 'Conference Paper', 'EDITORIAL MATERIAL': 'Editorial', LETTER: 'Letter',
  'BOOK CHAPTER': 'Book Chapter', CORRECTION: 'Published Erratum', 'CLINICAL TRIAL': 'Clinical Trial',
  'CASE REPORT': 'Case Reports', 'META-ANALYSIS': 'Meta-Analysis', 'SYSTEMATIC REVIEW': 'Systematic Review',
  'RANDOMIZED CONTROLLED TRIAL': 'Randomized Controlled Trial', 'JOURNAL ARTICLE': 'Journal Article',
};

/** Publication-type words a free-text type field (M3, DT, "Journal Article" in TY) may carry. */
function publicationType(value: string): string | null {
  const key = value.trim().toUpperCase();
  return PUBLICATION_TYPES[key] ?? null;
}

const classify: LineClassifier = (head, _blank, inRecord) => {
  if (/^TY  -/.test(head)) return 'begin';
  if (!inRecord && /^PT [A-Z]/.test(head)) return 'begin';
  if (inRecord && END_OF_RECORD.test(head)) return 'end';
  return 'line';
};

function isWebOfScience(text: string): boolean {
  return !/^TY  -/m.test(text) && /^PT [A-Z]/m.test(text);
}

function risTag(line: string): [string, string] | null {
  const m = RIS_FIELD.exec(line);
  return m ? [m[1], m[2] ?? ''] : null;
}

function wosTag(line: string): [string, string] | null {
  const bare = WOS_BARE.exec(line);
  if (bare) return [bare[1], ''];
  const m = WOS_FIELD.exec(line);
  return m ? [m[1], m[2]] : null;
}

/** Web of Science multi-valued fields put one value per continuation line. */
const WOS_LIST_TAGS = new Set(['AU', 'AF', 'CR', 'C1', 'BE', 'CA']);

function explodeLists(fields: TaggedField[]): TaggedField[] {
  return fields.flatMap((f) => (WOS_LIST_TAGS.has(f.tag) ? f.lines.map((l) => ({ tag: f.tag, lines: [l] })) : [f]));
}

/**
 * Affiliations: Web of Science C1 "[Author A; Author B] Address" goes to those
 * authors; an address without names (RIS AD, plain C1) is given to every
 * author, as the record states no finer attribution.
 */
function authors(fields: TaggedField[], wos: boolean): Author[] {
  const names = wos ? (values(fields, 'AF').length > 0 ? values(fields, 'AF') : values(fields, 'AU')) : values(fields, 'AU', 'A1');
  const list: Author[] = names.map((n) => ({ name: displayName(n), affiliations: [] }));
  const byName = new Map(names.map((n, k) => [n.toLowerCase(), list[k]]));
  for (const address of values(fields, wos ? 'C1' : 'AD')) {
    const m = /^\[([^\]]+)\]\s*(.+)$/.exec(address);
    if (m) {
      for (const n of m[1].split(';')) byName.get(n.trim().toLowerCase())?.affiliations.push(m[2]);
    } else {
      for (const a of list) a.affiliations.push(address);
    }
  }
  return list;
}

function published(fields: TaggedField[], wos: boolean): string | null {
  if (wos) {
    // PD "JUN 8" / "2004" / "JUN"; DA is the export date, not publication.
    const year = first(fields, 'PY');
    const pd = /^([A-Za-z]{3})[A-Za-z-]*\s*(\d{1,2})?/.exec(first(fields, 'PD') ?? '');
    return year ? isoDate(year, pd?.[1] ?? null, pd?.[2] ?? null) : null;
  }
  return parseLooseDate(first(fields, 'PY', 'Y1', 'DA', 'Y2'));
}

function references(fields: TaggedField[]): Reference[] {
  return values(fields, 'CR').map((text, k) => ({ n: k + 1, text }));
}

export function parseRis(text: string): ParsedDocument {
  const wos = isWebOfScience(text);
  const raw = readTaggedFields(text, wos ? wosTag : risTag);
  const fields = wos ? explodeLists(raw) : raw;
  if (!fields.some((f) => f.tag === (wos ? 'PT' : 'TY'))) {
    throw new DocumentRejectedError('malformed', 'RIS record has no TY (or PT) line');
  }
  if (!fields.some((f) => f.tag === 'ER')) throw new DocumentRejectedError('malformed', 'RIS record is not closed by an ER line');
  const title = first(fields, 'TI', 'T1', 'CT', 'BT', 'ST');
  const abstract = first(fields, 'AB', 'N2');
  const types = [...values(fields, 'TY'), ...values(fields, 'DT'), ...values(fields, 'M3')].map(publicationType);
  const url = values(fields, 'UR', 'L2').find((u) => /doi\.org\//i.test(u));
  return {
    format: 'ris',
    ids: makeIds(first(fields, 'PM'), first(fields, 'DO', 'DI') ?? normalizeDoi(first(fields, 'M3')) ?? url, null),
    title,
    language: languageCode(first(fields, 'LA')),
    authors: authors(fields, wos),
    journal: wos ? first(fields, 'SO', 'JI', 'J9') : first(fields, 'JF', 'JO', 'T2', 'JA', 'J2'),
    published: published(fields, wos),
    sections: withTitle(title, abstract ? splitStructuredAbstract(abstract) : []),
    entities: [],
    relations: [],
    references: references(fields),
    warnings: [],
    publicationTypes: [...new Set(types.filter((t): t is string => t !== null))],
    meshHeadings: [],
  };
}

function sniff(text: string): number {
  const head = text.replace(/^\uFEFF/, '');
  if (/^TY  - /m.test(head) && (/^ER  -/m.test(head) || /^(T1|TI|AU|A1|PY)  - /m.test(head))) return 0.95;
  if (/^TY  - /m.test(head)) return 0.8;
  if (/^FN (Clarivate|Thomson)/m.test(head) || (/^PT [A-Z]\s*$/m.test(head) && /^(AU|TI|SO) /m.test(head))) return 0.9;
  return 0;
}

function split(chunks: AsyncIterable<Uint8Array>): AsyncIterable<DocumentUnit> {
  return splitLineRecords(chunks, classify, 'RIS');
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const risDetector: FormatDetector = { id: 'ris', sniff, split };

export const ris: FormatHandler = { id: 'ris', sniff, split, parse: parseRis };

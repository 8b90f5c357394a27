/**
 * The BioC document model shared by the BioC XML and BioC JSON handlers, and
 * its mapping onto a ParsedDocument. Both serializations are read into
 * `BiocDocument` first, so the mapping (sections, offsets, identifiers,
 * relations, PubTator3 metadata) exists once.
 *
 * Offsets: BioC annotation offsets are document-global; each passage becomes
 * one section, and an annotation's section offset is its offset minus the
 * passage offset. Offsets are verified against the passage text; BioC tools
 * written in Python count code points, so when the UTF-16 slice does not
 * match, code-point offsets are tried before the annotation is dropped with a
 * warning.
 */
import type { Author, Entity, Relation, Section } from '../record.ts';
import { languageCode, makeIds, normalizeDoi, parseLooseDate } from './bibliographic.ts';
import type { FormatId } from '../record.ts';
import type { ParsedDocument } from './types.ts';

/** Infon values: strings in BioC XML; in JSON (PubTator3) also numbers, lists and objects. */
export type Infons = Record<string, unknown>;

export interface BiocLocation {
  offset: number;
  length: number;
}
export interface BiocAnnotation {
  id: string;
  infons: Infons;
  text: string;
  locations: BiocLocation[];
}
export interface BiocRelation {
  id: string;
  infons: Infons;
  nodes: { refid: string; role: string }[];
}
export interface BiocPassage {
  infons: Infons;
  offset: number;
  text: string;
  annotations: BiocAnnotation[];
  relations: BiocRelation[];
}
export interface BiocDocument {
  id: string;
  infons: Infons;
  passages: BiocPassage[];
  relations: BiocRelation[];
  /** Top-level fields of a PubTator3 API export (pmid, pmcid, journal, date, authors, _id). */
  meta: Infons;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() || null : typeof v === 'number' ? String(v) : null);

/** Infon keys that hold an annotation's concept identifier, most specific first. */
const ID_KEYS = ['identifier', 'Identifier', 'MESH', 'MeSH', 'NCBI Gene', 'NCBI Taxonomy', 'Gene', 'CUI', 'UMLS', 'OMIM', 'ChEBI', 'Cellosaurus', 'normalized_id'];
const NOT_IDS = new Set(['type', 'valid', 'name', 'biotype', 'database', 'accession', 'normalized', 'ncbi_homologene', 'score', 'novel']);
const ID_LIKE = /^[A-Za-z_]*[:|_]?[A-Za-z]*\d[\w:|.;-]*$/;

/** The id-like identifier of an annotation or relation role; '-' and empty mean none. */
export function conceptId(infons: Infons): string | null {
  for (const key of ID_KEYS) {
    const v = str(infons[key]);
    if (v && v !== '-') return v;
  }
  for (const [key, value] of Object.entries(infons)) {
    if (NOT_IDS.has(key)) continue;
    const v = str(value);
    if (v && v !== '-' && ID_LIKE.test(v)) return v;
  }
  return null;
}

/** Section label of a passage: title → TITLE, abstract → ABSTRACT, else its own section label. */
function passageLabel(p: BiocPassage, index: number): string {
  const type = (str(p.infons.type) ?? '').toLowerCase();
  const section = (str(p.infons.section_type) ?? '').toUpperCase();
  if (type === 'title' || type === 'front' || section === 'TITLE') return 'TITLE';
  if (type === 'abstract' || section === 'ABSTRACT') return 'ABSTRACT';
  if (section) return section;
  if (type) return type.toUpperCase();
  // BioRED JSON passages carry no infons: the first is the title.
  return index === 0 ? 'TITLE' : 'ABSTRACT';
}

/** Maps a code-point offset in `text` to a UTF-16 index. */
function codePointIndex(text: string, cp: number): number {
  let i = 0;
  for (let k = 0; k < cp && i < text.length; k++) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

function locate(text: string, start: number, length: number, expected: string): [number, number] | null {
  if (text.slice(start, start + length) === expected) return [start, start + length];
  const s = codePointIndex(text, start);
  const e = codePointIndex(text, start + length);
  if (text.slice(s, e) === expected) return [s, e];
  return null;
}

interface Mapped {
  sections: Section[];
  entities: Entity[];
  annotationIds: Map<string, string | null>;
  warnings: string[];
}

function mapPassages(doc: BiocDocument): Mapped {
  const sections: Section[] = [];
  const entities: Entity[] = [];
  const annotationIds = new Map<string, string | null>();
  const warnings: string[] = [];
  let titleSeen = false;
  doc.passages.forEach((p, index) => {
    if (!p.text) return;
    let label = passageLabel(p, index);
    // Only the first title passage is the document title.
    if (label === 'TITLE' && titleSeen) label = (str(p.infons.type) ?? 'SUBTITLE').toUpperCase();
    if (label === 'TITLE') titleSeen = true;
    const section = sections.length;
    sections.push({ label, text: p.text });
    for (const a of p.annotations) {
      const id = conceptId(a.infons);
      annotationIds.set(a.id, id);
      const type = str(a.infons.type) ?? 'Unknown';
      for (const loc of a.locations) {
        const expected = a.locations.length === 1 ? a.text : p.text.slice(loc.offset - p.offset, loc.offset - p.offset + loc.length);
        const span = locate(p.text, loc.offset - p.offset, loc.length, expected);
        if (!span) {
          warnings.push(`annotation ${a.id} ("${a.text}") does not match its passage text at offset ${loc.offset}; dropped`);
          continue;
        }
        entities.push({ text: p.text.slice(span[0], span[1]), type, id, section, start: span[0], end: span[1] });
      }
    }
  });
  return { sections, entities, annotationIds, warnings };
}

const ROLE_KEY = /^(entity|role|arg|chemical|disease|gene|variant|concept)\d*$/i;

function mapRelation(r: BiocRelation, annotationIds: Map<string, string | null>): Relation | null {
  const type = str(r.infons.type) ?? str(r.infons.relation) ?? 'Unknown';
  const ids: string[] = [];
  for (const [key, value] of Object.entries(r.infons)) {
    if (!ROLE_KEY.test(key)) continue;
    const id = value && typeof value === 'object' ? conceptId(value as Infons) : str(value);
    if (id) ids.push(id);
  }
  if (ids.length === 0) {
    for (const node of r.nodes) {
      const id = annotationIds.get(node.refid);
      if (id) ids.push(id);
    }
  }
  return ids.length > 0 ? { type, ids } : null;
}

/** "Alpsoy A, Wu XS, " or ["Alpsoy A", …] → authors without affiliations. */
function authorsFrom(value: unknown): Author[] {
  const names = Array.isArray(value) ? value.map(str) : typeof value === 'string' ? value.split(',').map(str) : [];
  return names.filter((n): n is string => !!n).map((name) => ({ name, affiliations: [] }));
}

/** PubTator3 journal infon "Nat Biotechnol. 2014 Apr;32(4):364-72." or "Mol Cell;2024Jan24. doi:…" → journal name. */
function journalFrom(value: string | null): string | null {
  if (!value) return null;
  const m = /^(.+?)(?:;|\.\s+\d{4}|\.\s*doi:|$)/.exec(value.trim());
  return m ? m[1].replace(/\.$/, '').trim() || null : null;
}

/** First value among passages' and document infons for one of `keys`. */
function infon(doc: BiocDocument, ...keys: string[]): unknown {
  for (const source of [doc.meta, doc.infons, ...doc.passages.map((p) => p.infons)]) {
    for (const key of keys) {
      const v = source[key];
      if (v !== undefined && v !== null && v !== '') return v;
    }
  }
  return null;
}

function ids(doc: BiocDocument) {
  const underscoreId = /^(\d+)\|/.exec(str(doc.meta._id) ?? '')?.[1];
  const pmid = str(infon(doc, 'pmid', 'article-id_pmid')) ?? underscoreId ?? (/^\d+$/.test(doc.id) ? doc.id : null);
  // PubTator3 journal infons end in "doi: 10.…" when the doi infon holds something else.
  const journalInfon = doc.passages.map((p) => str(p.infons.journal)).find((j) => j && /doi:/.test(j));
  const journalDoi = /doi:\s*(10\.\S+?)\.?(?:\s|$)/.exec(journalInfon ?? '')?.[1];
  const doi =
    normalizeDoi(str(infon(doc, 'article-id_doi'))) ??
    normalizeDoi(str(infon(doc, 'doi'))) ??
    normalizeDoi(doc.id) ??
    normalizeDoi(journalDoi);
  return makeIds(pmid, doi, str(infon(doc, 'pmcid', 'article-id_pmc')));
}

export function biocToParsed(doc: BiocDocument, format: FormatId): ParsedDocument {
  const { sections, entities, annotationIds, warnings } = mapPassages(doc);
  const relations: Relation[] = [];
  for (const r of [...doc.relations, ...doc.passages.flatMap((p) => p.relations)]) {
    const rel = mapRelation(r, annotationIds);
    if (rel) relations.push(rel);
  }
  const title = sections.find((s) => s.label === 'TITLE')?.text.trim() || null;
  const metaAuthors = authorsFrom(doc.meta.authors);
  return {
    format,
    ids: ids(doc),
    title,
    language: languageCode(str(infon(doc, 'language', 'lang'))),
    authors: metaAuthors.length > 0 ? metaAuthors : authorsFrom(infon(doc, 'authors')),
    journal: str(doc.meta.journal) ?? journalFrom(str(infon(doc, 'journal'))),
    published: parseLooseDate(str(doc.meta.date)) ?? parseLooseDate(str(infon(doc, 'year', 'date'))),
    sections,
    entities,
    relations,
    references: [],
    warnings,
  };
}

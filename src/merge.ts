/**
 * One document, several sources: a scheduled pull writes a paper's PubMed XML
 * and its PubTator3 BioC JSON, a team uploads the CDR PubTator file and the
 * BioRED BioC file, and all become records with the same docId (pmid:…).
 * Instead of the last one written winning, they are merged, the same whatever
 * order they arrive in:
 *
 * - the descriptive record (ids, title, authors, journal, date, sections,
 *   metrics, design) comes from the source ranked higher below: bibliographic
 *   formats carry labelled sections and full metadata, annotation formats
 *   (BioC, PubTator) carry entities; a record with text before one known by
 *   its identifier alone; between equal ranks the one with more
 *   sections, then the format listed first in FORMAT_IDS; a second record of
 *   the same format (a re-parse, an overwrite) replaces the first's;
 * - entities are the union of every source's, re-anchored onto the base's
 *   sections (each mention is looked up in order in the base section that
 *   holds the same text, and kept only where the base text spells it
 *   exactly) and deduplicated by span and concept id; each keeps its
 *   `source` (the format that annotated it) and its `sourceType`, and `type`
 *   is normalised to one vocabulary (src/entity-types.ts) so that the same
 *   mention from two sources is one entity;
 * - relations likewise: the union, deduplicated by type and ids.
 *
 * A record whose merge adds nothing (a redelivery, a second upload of the
 * same file) is stored exactly as parsed, so `litstream parse` and the store
 * agree for single-source records.
 */
import { normalizeEntityType } from './entity-types.ts';
import { FORMAT_IDS, type Entity, type FormatId, type LitRecord, type Relation } from './record.ts';

/** Higher wins as the base record. */
const FORMAT_RANK: Partial<Record<FormatId, number>> = {
  'jats-xml': 6,
  'pubmed-xml': 5,
  medline: 4,
  ris: 3,
  'metadata-json': 3,
  'conference-abstract': 2,
  'structured-abstract': 2,
  'evidence-summary': 2,
  'bioc-json': 1,
  'bioc-xml': 1,
  pubtator: 1,
  'plain-text': 0,
};

function rank(record: LitRecord): number {
  if (record.status === 'rejected') return -1;
  return record.format ? (FORMAT_RANK[record.format] ?? 0) : 0;
}

function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * `from`'s entities placed onto `to`'s sections. Mentions are taken in
 * reading order (longer first where two start together); each is searched
 * from the end of the furthest-reaching mention placed so far, in the section
 * whose text contains it, so repeated mentions keep their order. A mention
 * that starts inside that one (a nested or identical span, e.g. the same
 * words annotated by two sources) is placed at the same offset inside it.
 * A mention that cannot be placed exactly is dropped (returned in `missing`).
 */
interface Reach {
  fromSection: number;
  fromStart: number;
  fromEnd: number;
  toSection: number;
  toStart: number;
}

export function reanchorEntities(from: LitRecord, to: LitRecord): { entities: Entity[]; dropped: number; missing: Entity[] } {
  const ordered = [...from.entities].sort((a, b) => a.section - b.section || a.start - b.start || b.end - a.end);
  const entities: Entity[] = [];
  const missing: Entity[] = [];
  /** The placed mention reaching furthest in `from`'s current section, where it went in `to`, and the search position after it. */
  const at = { reach: null as Reach | null, section: 0, cursor: 0 };
  const place = (entity: Entity, section: number, start: number): void => {
    entities.push({ ...entity, section, start, end: start + entity.text.length });
    const { reach } = at;
    if (!reach || reach.fromSection !== entity.section || entity.end > reach.fromEnd) {
      at.reach = { fromSection: entity.section, fromStart: entity.start, fromEnd: entity.end, toSection: section, toStart: start };
      at.section = section;
      at.cursor = start + entity.text.length;
    }
  };
  for (const entity of ordered) {
    const { reach } = at;
    if (reach && reach.fromSection === entity.section && entity.start < reach.fromEnd) {
      const text = to.sections[reach.toSection]!.text;
      const offset = reach.toStart + (entity.start - reach.fromStart);
      const start = text.startsWith(entity.text, offset) ? offset : text.indexOf(entity.text, reach.toStart);
      if (start >= 0) {
        place(entity, reach.toSection, start);
        continue;
      }
    }
    let placed = false;
    for (let s = at.section; s < to.sections.length && !placed; s++) {
      const start = to.sections[s]!.text.indexOf(entity.text, s === at.section ? at.cursor : 0);
      if (start < 0) continue;
      place(entity, s, start);
      placed = true;
    }
    if (!placed) missing.push(entity);
  }
  return { entities, dropped: missing.length, missing };
}

/** Whether two records hold the same text, however it is divided into sections. */
function sameText(a: LitRecord, b: LitRecord): boolean {
  const body = (r: LitRecord): string => normalized(r.sections.map((s) => s.text).join(' '));
  return body(a) === body(b);
}

/** Whether `incoming` gives the descriptive record (see the module comment); independent of arrival order across formats. */
function incomingIsBase(existing: LitRecord, incoming: LitRecord): boolean {
  if (existing.format === incoming.format && (existing.status === 'rejected') === (incoming.status === 'rejected')) return true;
  // A reference known by its identifier alone (no sections) has no text to anchor entities on.
  const hasText = (r: LitRecord): boolean => r.sections.length > 0;
  if (hasText(incoming) !== hasText(existing)) return hasText(incoming);
  const byRank = rank(incoming) - rank(existing);
  if (byRank !== 0) return byRank > 0;
  const bySections = incoming.sections.length - existing.sections.length;
  if (bySections !== 0) return bySections > 0;
  const order = (r: LitRecord): number => (r.format ? FORMAT_IDS.indexOf(r.format) : FORMAT_IDS.length);
  return order(incoming) <= order(existing);
}

/** The entity with its source recorded and its type in the shared vocabulary (once: a merged entity keeps its tags). */
function withSource(entity: Entity, format: FormatId | null): Entity {
  if (entity.source || !format) return entity;
  return { ...entity, type: normalizeEntityType(entity.type), source: format, sourceType: entity.type };
}

/** PubTator3 writes MeSH ids as `MESH:D003920`, the CDR and BioRED corpora as `D003920`: one concept. */
function conceptKey(id: string | null): string {
  return id === null ? '' : id.replace(/^mesh:/i, '');
}

const spanKey = (e: Entity): string => `${e.section}:${e.start}:${e.end}:${conceptKey(e.id)}`;
const relationKey = (r: Relation): string => `${r.type}\u0000${r.ids.join('\u0000')}`;

function warningPrefix(format: FormatId | undefined): string {
  return `entities taken from the ${format} source:`;
}

/**
 * The record to store when `incoming` arrives for a docId that already has
 * `existing`. Returns the base record unchanged when the other adds nothing.
 */
export function mergeRecords(existing: LitRecord | undefined, incoming: LitRecord): LitRecord {
  if (!existing) return incoming;
  const [base, other] = incomingIsBase(existing, incoming) ? [incoming, existing] : [existing, incoming];
  if (base.status === 'rejected' || other.status === 'rejected') return base;

  const ownEntities = base.entities.map((e) => withSource(e, base.format));
  const { entities: carried, missing } = reanchorEntities({ ...other, entities: other.entities.map((e) => withSource(e, other.format)) }, base);
  const seen = new Set(ownEntities.map(spanKey));
  const added = carried.filter((e) => {
    const key = spanKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const relationKeys = new Set(base.relations.map(relationKey));
  const addedRelations = other.relations.filter((r) => {
    const key = relationKey(r);
    if (relationKeys.has(key)) return false;
    relationKeys.add(key);
    return true;
  });
  if (added.length === 0 && addedRelations.length === 0) return base;

  const merged: LitRecord = {
    ...base,
    entities: [...ownEntities, ...added].sort((a, b) => a.section - b.section || a.start - b.start || a.end - b.end),
    relations: [...base.relations, ...addedRelations],
  };
  const sources = [...new Set([...carried, ...missing].map((e) => e.source))];
  const rewritten = new Set(sources.map(warningPrefix));
  merged.warnings = base.warnings.filter((w) => ![...rewritten].some((prefix) => w.startsWith(prefix)));
  const textDiffers = !sameText(base, other);
  for (const source of sources) {
    const placed = carried.filter((e) => e.source === source).length;
    const dropped = missing.filter((e) => e.source === source).length;
    if (dropped > 0 || textDiffers) merged.warnings.push(`${warningPrefix(source)} ${placed} placed, ${dropped} not found in this text`);
  }
  return merged;
}

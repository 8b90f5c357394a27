/**
 * One document, two sources: a scheduled pull writes a paper's PubMed XML and
 * its PubTator3 BioC JSON, and both become records with the same docId
 * (pmid:…). Instead of the last one written winning, they are merged, the
 * same whatever order they arrive in:
 *
 * - the descriptive record (ids, title, authors, journal, date, sections,
 *   metrics, design) comes from the source ranked higher below: bibliographic
 *   formats carry labelled sections and full metadata, annotation formats
 *   (BioC, PubTator) carry entities;
 * - entities the base record lacks are carried over from the other one,
 *   re-anchored onto the base's sections: each mention is looked up in order
 *   in the base section that holds the same text, and kept only where the
 *   base text spells it exactly;
 * - relations likewise, when the base has none.
 */
import type { Entity, FormatId, LitRecord } from './record.ts';

/** Higher wins as the base record; equal ranks: the incoming record (a re-parse of the same source). */
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
 * reading order; each is searched from the position where the previous one
 * was found (in the section whose text contains it), so repeated mentions
 * keep their order. A mention that cannot be placed exactly is dropped.
 */
export function reanchorEntities(from: LitRecord, to: LitRecord): { entities: Entity[]; dropped: number } {
  const ordered = [...from.entities].sort((a, b) => a.section - b.section || a.start - b.start);
  const entities: Entity[] = [];
  let dropped = 0;
  let section = 0;
  let cursor = 0;
  for (const entity of ordered) {
    let placed = false;
    for (let s = section; s < to.sections.length && !placed; s++) {
      const text = to.sections[s]!.text;
      const at = text.indexOf(entity.text, s === section ? cursor : 0);
      if (at < 0) continue;
      entities.push({ ...entity, section: s, start: at, end: at + entity.text.length });
      section = s;
      cursor = at + entity.text.length;
      placed = true;
    }
    if (!placed) dropped++;
  }
  return { entities, dropped };
}

/** Whether two records hold the same text, however it is divided into sections. */
function sameText(a: LitRecord, b: LitRecord): boolean {
  const body = (r: LitRecord): string => normalized(r.sections.map((s) => s.text).join(' '));
  return body(a) === body(b);
}

/**
 * The record to store when `incoming` arrives for a docId that already has
 * `existing`. Returns `incoming` unchanged when there is nothing to merge.
 */
export function mergeRecords(existing: LitRecord | undefined, incoming: LitRecord): LitRecord {
  if (!existing || existing.format === incoming.format) return incoming;
  const [base, other] = rank(incoming) >= rank(existing) ? [incoming, existing] : [existing, incoming];
  if (base.status === 'rejected' || other.status === 'rejected') return base;
  const merged: LitRecord = { ...base, warnings: [...base.warnings] };
  if (base.entities.length === 0 && other.entities.length > 0) {
    const { entities, dropped } = reanchorEntities(other, base);
    merged.entities = entities;
    if (dropped > 0 || !sameText(base, other)) {
      merged.warnings.push(
        `entities taken from the ${other.format} source: ${entities.length} placed, ${dropped} not found in this text`,
      );
    }
  }
  if (base.relations.length === 0 && other.relations.length > 0) merged.relations = other.relations;
  return merged;
}

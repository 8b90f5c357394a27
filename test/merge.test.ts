import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeRecords, reanchorEntities } from '../src/merge.ts';
import { LitRecord } from '../src/record.ts';

const fixture = (name: string): LitRecord =>
  LitRecord.parse(JSON.parse(readFileSync(new URL(`./fixtures/seeds/${name}.record.json`, import.meta.url), 'utf8')));

/** Seed 000 (PubTator, entities on labelled sections) as a bibliographic source would give it: same text, no entities. */
const annotated = fixture('000_b4283316c11e2928');
const bibliographic: LitRecord = { ...annotated, format: 'pubmed-xml', entities: [], relations: [], authors: [{ name: 'A. Author', affiliations: [] }] };

/** The same paper as one ABSTRACT passage with its labels inline, the way a BioC export gives it. */
const passage: LitRecord = {
  ...annotated,
  format: 'bioc-json',
  sections: [
    annotated.sections[0]!,
    { label: 'ABSTRACT', text: annotated.sections.slice(1).map((s) => `${s.label}: ${s.text}`).join(' ') },
  ],
  entities: [],
};
const passageWithEntities: LitRecord = { ...passage, entities: reanchorEntities(annotated, passage).entities };

describe('reanchorEntities', () => {
  it('places every mention of one segmentation onto another, spelling its text exactly', () => {
    const { entities, dropped } = reanchorEntities(passageWithEntities, bibliographic);
    expect(dropped).toBe(0);
    expect(entities).toHaveLength(annotated.entities.length);
    for (const e of entities) expect(bibliographic.sections[e.section]!.text.slice(e.start, e.end)).toBe(e.text);
    expect(entities).toEqual(annotated.entities);
  });

  it('drops a mention the target text does not contain', () => {
    const stray = { ...passageWithEntities, entities: [...passageWithEntities.entities, { text: 'zebrafish', type: 'Species', id: null, section: 1, start: 0, end: 9 }] };
    expect(reanchorEntities(stray, bibliographic).dropped).toBe(1);
  });
});

describe('mergeRecords', () => {
  it('keeps the bibliographic record and adds the annotation source entities, whichever arrives first', () => {
    const a = mergeRecords(bibliographic, passageWithEntities);
    const b = mergeRecords(passageWithEntities, bibliographic);
    expect(a).toEqual(b);
    expect(a.format).toBe('pubmed-xml');
    expect(a.authors).toEqual(bibliographic.authors);
    expect(a.entities).toEqual(annotated.entities);
    expect(LitRecord.parse(a)).toEqual(a);
  });

  it('returns the incoming record for the same format (a re-parse of the same source)', () => {
    const incoming = { ...bibliographic, title: 'corrected' };
    expect(mergeRecords(bibliographic, incoming)).toBe(incoming);
  });

  it('never lets a rejected record replace an extracted one', () => {
    const rejected: LitRecord = { ...bibliographic, format: 'plain-text', status: 'rejected', rejection: { code: 'malformed', message: 'x' } };
    expect(mergeRecords(bibliographic, rejected)).toEqual(bibliographic);
  });
});

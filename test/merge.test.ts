import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_TYPES, normalizeEntityType } from '../src/entity-types.ts';
import { mergeRecords, reanchorEntities } from '../src/merge.ts';
import { recordsForFile } from '../src/pipeline.ts';
import { type Entity, LitRecord } from '../src/record.ts';

/** A seed's expected record; its design (which merging takes from the base as is) is left out, it follows the extractors. */
const fixture = (name: string): LitRecord =>
  LitRecord.parse({ ...JSON.parse(readFileSync(new URL(`./fixtures/seeds/${name}.record.json`, import.meta.url), 'utf8')), design: null });

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
    expect(a.entities).toEqual(annotated.entities.map((e) => ({ ...e, type: normalizeEntityType(e.type), source: 'bioc-json', sourceType: e.type })));
    expect(LitRecord.parse(a)).toEqual(a);
  });

  it('returns the incoming record for the same format (a re-parse of the same source)', () => {
    const incoming = { ...bibliographic, title: 'corrected' };
    expect(mergeRecords(bibliographic, incoming)).toBe(incoming);
  });

  it('stores a redelivered record exactly as parsed: nothing is tagged when nothing is added', () => {
    expect(mergeRecords(annotated, { ...annotated })).toEqual(annotated);
  });

  it('keeps the entities another source added when the base source is parsed again', () => {
    const merged = mergeRecords(bibliographic, passageWithEntities);
    const reparsed = mergeRecords(merged, { ...bibliographic, title: 'corrected' });
    expect(reparsed.title).toBe('corrected');
    expect(reparsed.entities).toEqual(merged.entities);
  });

  it('places a mention nested in another, or the same span from two sources, at the same offset', () => {
    const first = annotated.entities[0]!;
    const inner: Entity = { ...first, text: first.text.slice(1), start: first.start + 1, id: 'inner' };
    const twin: Entity = { ...first, id: 'twin' };
    const from: LitRecord = { ...passageWithEntities, entities: [...passageWithEntities.entities, inner, twin] };
    const { entities, dropped } = reanchorEntities(from, bibliographic);
    expect(dropped).toBe(0);
    expect(entities.find((e) => e.id === 'twin')).toMatchObject({ section: first.section, start: first.start, end: first.end });
    expect(entities.find((e) => e.id === 'inner')).toMatchObject({ section: first.section, start: first.start + 1, end: first.end });
  });

  it('keeps the text and entities of an annotation source over a reference known by its identifier alone', () => {
    const idOnly: LitRecord = { ...bibliographic, format: 'ris', title: null, sections: [], entities: [] };
    for (const merged of [mergeRecords(idOnly, passageWithEntities), mergeRecords(passageWithEntities, idOnly)]) {
      expect(merged.format).toBe('bioc-json');
      expect(merged.entities).toEqual(passageWithEntities.entities);
    }
  });

  it('never lets a rejected record replace an extracted one', () => {
    const rejected: LitRecord = { ...bibliographic, format: 'plain-text', status: 'rejected', rejection: { code: 'malformed', message: 'x' } };
    expect(mergeRecords(bibliographic, rejected)).toEqual(bibliographic);
  });
});

describe('entity types', () => {
  it.each([
    ['Disease', 'Disease'],
    ['DiseaseOrPhenotypicFeature', 'Disease'],
    ['Chemical', 'Chemical'],
    ['ChemicalEntity', 'Chemical'],
    ['GeneOrGeneProduct', 'Gene'],
    ['OrganismTaxon', 'Species'],
    ['SequenceVariant', 'Variant'],
    ['Mutation', 'Variant'],
    ['Cell_Line', 'CellLine'],
  ])('%s is %s', (source, type) => {
    expect(normalizeEntityType(source)).toBe(type);
    expect(ENTITY_TYPES).toContain(type);
  });

  it('keeps a type outside the vocabulary as the source spelled it', () => {
    expect(normalizeEntityType('Chromosome')).toBe('Chromosome');
  });
});

async function corpusRecords(path: string): Promise<Map<string, LitRecord>> {
  const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/corpora/${path}`, import.meta.url)));
  const records = new Map<string, LitRecord>();
  // eslint-disable-next-line @typescript-eslint/require-await
  const open = async function* (): AsyncGenerator<Uint8Array> {
    yield bytes;
  };
  for await (const record of recordsForFile(path, bytes, bytes.length, open)) records.set(record.docId, record);
  return records;
}

const spanKey = (e: Entity): string => `${e.section}:${e.start}:${e.end}:${(e.id ?? '').replace(/^mesh:/i, '')}`;

/** Every mention of `from`, as it lies on `to`'s sections (what the union must contain). */
const placedOn = (from: LitRecord, to: LitRecord): Set<string> => new Set(reanchorEntities(from, to).entities.map(spanKey));

describe('merging two annotation corpora of the same papers (CDR PubTator, BioRED BioC)', () => {
  let pubtator: Map<string, LitRecord>;
  const biored: Record<string, Map<string, LitRecord>> = {};
  beforeAll(async () => {
    pubtator = await corpusRecords('pubtator/CDR_DevelopmentSet.PubTator.txt');
    biored.xml = await corpusRecords('bioc/BioRED-Dev.BioC.XML');
    biored.json = await corpusRecords('bioc/BioRED-Dev.BioC.JSON');
  });
  const shared = (bioc: Map<string, LitRecord>): string[] => [...bioc.keys()].filter((docId) => pubtator.has(docId)).sort();

  it('six PMIDs are in both corpora', () => {
    expect(shared(biored.xml!)).toEqual(['pmid:15096016', 'pmid:15579441', 'pmid:16225977', 'pmid:17042884', 'pmid:17943461', 'pmid:20195852']);
    expect(shared(biored.json!)).toEqual(shared(biored.xml!));
  });

  it.each(['xml', 'json'])('BioC %s: the union of both sources, the same in either order, every span verified, no duplicates', (variant) => {
    for (const docId of shared(biored[variant]!)) {
      const cdr = pubtator.get(docId)!;
      const bioc = biored[variant]!.get(docId)!;
      const merged = mergeRecords(cdr, bioc);
      expect(mergeRecords(bioc, cdr), docId).toEqual(merged);
      expect(LitRecord.parse(merged)).toEqual(merged);

      const keys = merged.entities.map(spanKey);
      expect(new Set(keys).size, `${docId}: duplicates`).toBe(keys.length);
      const union = new Set([...placedOn(cdr, merged), ...placedOn(bioc, merged)]);
      expect(new Set(keys), docId).toEqual(union);
      expect(merged.entities.length).toBeGreaterThanOrEqual(Math.max(cdr.entities.length, bioc.entities.length));
      for (const e of merged.entities) {
        expect(merged.sections[e.section]!.text.slice(e.start, e.end), docId).toBe(e.text);
        expect(ENTITY_TYPES).toContain(e.type);
        expect(normalizeEntityType(e.sourceType!)).toBe(e.type);
      }
      for (const [record, format] of [[cdr, 'pubtator'], [bioc, bioc.format]] as const) {
        expect(placedOn(record, merged).size, `${docId}: every ${format} mention placed`).toBe(record.entities.length);
        expect(merged.entities.filter((e) => e.source === format).length).toBeGreaterThan(0);
      }
    }
  });

  it('pmid:17943461 keeps the 19 CDR entities beside the 41 BioRED ones', () => {
    const cdr = pubtator.get('pmid:17943461')!;
    const bioc = biored.xml!.get('pmid:17943461')!;
    expect([cdr.entities.length, bioc.entities.length]).toEqual([19, 41]);
    const merged = mergeRecords(cdr, bioc);
    expect(merged.entities).toHaveLength(42);
    expect(merged.entities.filter((e) => e.source === 'pubtator')).toHaveLength(19);
    expect(merged.entities.filter((e) => e.source === 'bioc-xml')).toHaveLength(23);
    expect(merged.entities.find((e) => e.sourceType === 'DiseaseOrPhenotypicFeature')?.type).toBe('Disease');
  });

  it('a third source (the same BioRED paper as BioC JSON) adds nothing twice', () => {
    for (const docId of shared(biored.json!)) {
      const twice = mergeRecords(mergeRecords(pubtator.get(docId)!, biored.xml!.get(docId)!), biored.json!.get(docId)!);
      const keys = twice.entities.map(spanKey);
      expect(new Set(keys).size, docId).toBe(keys.length);
      expect(twice.entities, docId).toEqual(mergeRecords(pubtator.get(docId)!, biored.xml!.get(docId)!).entities);
    }
  });
});

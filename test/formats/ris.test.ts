import { describe, expect, it } from 'vitest';
import { ris } from '../../src/formats/ris.ts';
import { recordsForFile } from '../../src/pipeline.ts';
import { LitRecord } from '../../src/record.ts';
import { corporaPresent, corpusFiles, expectValidDocument, fixtureText, parseFile, splitAll, text, utf8 } from './harness.ts';

/** Records end with "ER  -" (RIS) or a bare "ER" line (Web of Science). */
const countRecords = (s: string) => (s.match(/^ER(\s+-.*)?\s*$/gm) ?? []).length;

describe.skipIf(!corporaPresent)('ris corpus', () => {
  const files = corpusFiles('ris', /\.ris$/);
  it('finds the rispy samples', () => expect(files.length).toBe(4));
  it.each(files)('%s: one document per ER line, all parse', async (_name, bytes) => {
    const expected = countRecords(text(bytes));
    for (const size of [5, 64 * 1024]) {
      const docs = await parseFile(ris, bytes, size);
      expect(docs).toHaveLength(expected);
      docs.forEach(expectValidDocument);
    }
  });
  it('counts 2, 3, 1 and 2 records', async () => {
    const counts = await Promise.all(files.map(async ([, b]) => (await parseFile(ris, b)).length));
    expect(Object.fromEntries(files.map(([n], k) => [n, counts[k]]))).toEqual({
      'rispy-example_full.ris': 2,
      'rispy-example_multiline.ris': 3,
      'rispy-example_utf_chars.ris': 1,
      'rispy-example_wos.ris': 2,
    });
  });
});

const record = `1.
TY  - JOUR
T1  - Title of reference
A1  - Marx, Karl
A1  - Lindgren, Astrid
A2  - Glattauer, Daniel
Y1  - 2014/05/03/
N2  - BACKGROUND: Lorem ipsum. RESULTS: Donec quam. CONCLUSIONS: Donec pede.
JF  - Lorem
DO  - 10.1000/xyz123
LA  - English
ER  - 
`;

describe('ris fields', () => {
  it('reads RIS title, authors (not editors), date, journal, doi and type', () => {
    const doc = ris.parse(record);
    expect(doc.title).toBe('Title of reference');
    expect(doc.authors.map((a) => a.name)).toEqual(['Karl Marx', 'Astrid Lindgren']);
    expect(doc.published).toBe('2014-05-03');
    expect(doc.journal).toBe('Lorem');
    expect(doc.ids.doi).toBe('10.1000/xyz123');
    expect(doc.language).toBe('en');
    expect(doc.publicationTypes).toEqual(['Journal Article']);
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'BACKGROUND', 'RESULTS', 'CONCLUSIONS']);
  });

  it('maps TY codes to publication types', () => {
    expect(ris.parse(record.replace('TY  - JOUR', 'TY  - CHAP')).publicationTypes).toEqual(['Book Chapter']);
  });

  it('reads the Web of Science variant', async () => {
    const [first] = await parseFile(ris, utf8(fixtureText('rispy-example_wos.ris')));
    expect(first.ids).toEqual({ pmid: '15170338', doi: '10.1021/bi049798f', pmcid: null });
    expect(first.authors.map((a) => a.name)).toEqual(['PS Parkes-Loach', 'AP Majeed', 'CJ Law', 'PA Loach']);
    expect(first.title).toBe('Interactions stabilizing the structure of the core light-harvesting complex (LHl) of photosynthetic bacteria and its subunit (B820)');
    expect(first.published).toBe('2004-06-08');
    expect(first.journal).toBe('BIOCHEMISTRY');
    expect(first.publicationTypes).toEqual(['Journal Article']);
    expect(first.references).toHaveLength(59);
    expect(first.references[0]).toEqual({ n: 1, text: 'ALLEN JP, 1986, P NATL ACAD SCI USA, V83, P8589, DOI 10.1073/pnas.83.22.8589' });
  });

  it('does not end a record at a continuation line that starts with ER', async () => {
    const docs = await parseFile(ris, utf8(fixtureText('rispy-example_multiline.ris')), 4);
    expect(docs).toHaveLength(3);
    expect(docs[2].sections[0].text).toBe('first line, ER then second line and at the end the last line');
  });

  it('yields a record cut before its ER line as a unit whose parse is malformed', async () => {
    const units = await splitAll(ris, utf8(`${record}${record.split('ER  -')[0]}`), 6);
    expect(units).toHaveLength(2);
    expect(() => ris.parse(text(units[1].bytes))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('sniffs RIS and Web of Science by content', () => {
    expect(ris.sniff(record, true)).toBeGreaterThan(0.9);
    expect(ris.sniff(fixtureText('rispy-example_wos.ris').slice(0, 2000), false)).toBeGreaterThan(0.5);
    expect(ris.sniff('PMID- 1\nTI  - x', true)).toBe(0);
  });
});

/** The records `litstream parse` (and the pipeline) makes of one RIS file. */
async function records(ris: string): Promise<LitRecord[]> {
  const bytes = utf8(ris);
  const out: LitRecord[] = [];
  // eslint-disable-next-line @typescript-eslint/require-await
  for await (const r of recordsForFile('refs.ris', bytes, bytes.length, async function* () {
    yield bytes;
  })) out.push(LitRecord.parse(r));
  return out;
}

describe('a RIS reference with a DOI only', () => {
  const doiOnly = 'TY  - JOUR\nDO  - 10.1016/j.ygyno.2020.01.002\nER  - \n';

  it('is stored as an extracted record of that DOI, with a warning, not rejected', async () => {
    const [stored] = await records(doiOnly);
    expect(stored).toMatchObject({
      docId: 'doi:10.1016/j.ygyno.2020.01.002',
      status: 'extracted',
      format: 'ris',
      ids: { doi: '10.1016/j.ygyno.2020.01.002', pmid: null },
      title: null,
      sections: [],
      metrics: [],
      rejection: null,
    });
    expect(stored!.warnings).toEqual(['no title or abstract in this ris document: stored as a reference by its DOI']);
  });

  it('keeps what else it carries (authors, journal, year)', async () => {
    const [stored] = await records('TY  - JOUR\nAU  - Lee, Ann\nJO  - Gynecol Oncol\nPY  - 2020\nDO  - https://doi.org/10.1016/j.ygyno.2020.01.002\nER  - \n');
    expect(stored).toMatchObject({ status: 'extracted', docId: 'doi:10.1016/j.ygyno.2020.01.002', journal: 'Gynecol Oncol', published: '2020' });
    expect(stored!.authors.map((a) => a.name)).toEqual(['Ann Lee']);
  });

  it('is one record among the others of its file', async () => {
    const stored = await records(`${record}${doiOnly}`);
    expect(stored.map((r) => r.status)).toEqual(['extracted', 'extracted']);
    expect(stored[0]!.warnings).toEqual([]);
  });

  it('is still rejected as malformed when it has neither text nor a DOI or PMID', async () => {
    const [stored] = await records('TY  - JOUR\nAU  - Lee, Ann\nPY  - 2020\nER  - \n');
    expect(stored).toMatchObject({ status: 'rejected', rejection: { code: 'malformed', message: 'no text found in this ris document' } });
  });
});

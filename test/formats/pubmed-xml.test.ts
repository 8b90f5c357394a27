import { describe, expect, it } from 'vitest';
import { pubmedXml } from '../../src/formats/pubmed-xml.ts';
import { corporaPresent, corpusFiles, expectValidDocument, fixture, fixtureText, parseFile, text, utf8 } from './harness.ts';

describe.skipIf(!corporaPresent)('pubmed-xml corpus', () => {
  const files = corpusFiles('pubmed-xml', /\.xml$/);
  it('finds the Biopython samples', () => expect(files.length).toBe(4));
  it.each(files)('%s: one document per <PubmedArticle>, all parse', async (_name, bytes) => {
    const expected = (text(bytes).match(/<Pubmed(Book)?Article>/g) ?? []).length;
    expect(expected).toBe(1);
    for (const size of [7, 64 * 1024]) {
      const docs = await parseFile(pubmedXml, bytes, size);
      expect(docs).toHaveLength(expected);
      docs.forEach(expectValidDocument);
    }
  });
});

describe('pubmed-xml fields', () => {
  const doc = pubmedXml.parse(fixtureText('biopython-pubmed5.xml'));

  it('reads identifiers from PMID and ArticleIdList', () => {
    expect(doc.ids).toEqual({ pmid: '28775130', doi: '10.1136/oemed-2017-104431', pmcid: 'PMC5771820' });
  });

  it('puts the title first, then the labelled abstract parts', () => {
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'OBJECTIVES', 'METHODS', 'RESULTS', 'CONCLUSIONS']);
    expect(doc.title).toBe('Occupational pesticide exposure and subclinical hypothyroidism among male pesticide applicators.');
  });

  it('reads authors with affiliations, journal, date and language', () => {
    expect(doc.authors[0]).toEqual({ name: 'Catherine C Lerro', affiliations: ['Division of Cancer Epidemiology and Genetics, National Cancer Institute, Rockville, Maryland, USA.'] });
    expect(doc.journal).toBe('Occupational and environmental medicine');
    expect(doc.published).toBe('2018-02');
    expect(doc.language).toBe('en');
    expect(doc.publicationTypes).toEqual(['Journal Article']);
  });

  it('sniffs by content, whatever the file name', () => {
    expect(pubmedXml.sniff(fixtureText('biopython-pubmed5.xml').slice(0, 2000), false)).toBeGreaterThan(0.9);
    expect(pubmedXml.sniff('PMID- 1\nTI  - x', true)).toBe(0);
  });
});

const minimal = (inner: string, article = '') =>
  `<PubmedArticle><MedlineCitation><PMID>1</PMID>${inner}<Article><Journal><Title>J</Title><JournalIssue>${article}</JournalIssue></Journal><ArticleTitle>A <i>b</i> c<sup>2</sup></ArticleTitle><Abstract><AbstractText>Plain.</AbstractText></Abstract><Language>fre</Language></Article></MedlineCitation></PubmedArticle>`;

describe('pubmed-xml details', () => {
  it('labels an unlabelled abstract ABSTRACT and flattens inline markup', () => {
    const doc = pubmedXml.parse(minimal(''));
    expect(doc.sections).toEqual([
      { label: 'TITLE', text: 'A b c2' },
      { label: 'ABSTRACT', text: 'Plain.' },
    ]);
    expect(doc.language).toBe('fr');
  });

  it('turns month names into numbers and MedlineDate into a year', () => {
    expect(pubmedXml.parse(minimal('', '<PubDate><Year>2019</Year><Month>Sep</Month><Day>3</Day></PubDate>')).published).toBe('2019-09-03');
    expect(pubmedXml.parse(minimal('', '<PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>')).published).toBe('1998');
  });

  it('reads MeSH descriptors and collective authors', () => {
    const xml = minimal('<MeshHeadingList><MeshHeading><DescriptorName UI="D1">Humans</DescriptorName><QualifierName>x</QualifierName></MeshHeading></MeshHeadingList>')
      .replace('<ArticleTitle>', '<AuthorList><Author><CollectiveName>The Trial Group</CollectiveName></Author></AuthorList><ArticleTitle>');
    const doc = pubmedXml.parse(xml);
    expect(doc.meshHeadings).toEqual(['Humans']);
    expect(doc.authors).toEqual([{ name: 'The Trial Group', affiliations: [] }]);
  });

  it('reads a PubmedBookArticle', () => {
    const xml = '<PubmedBookArticle><BookDocument><PMID>20301295</PMID><Book><BookTitle>GeneReviews</BookTitle><PubDate><Year>1993</Year></PubDate></Book><ArticleTitle>Achondroplasia</ArticleTitle><Abstract><AbstractText Label="clinical characteristics">Text.</AbstractText></Abstract></BookDocument></PubmedBookArticle>';
    const doc = pubmedXml.parse(xml);
    expect(doc.ids.pmid).toBe('20301295');
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'CLINICAL CHARACTERISTICS']);
    expect(doc.published).toBe('1993');
  });

  it('reads the first article of a whole file given to parse', async () => {
    const file = utf8(`<PubmedArticleSet>${minimal('')}${minimal('').replace('<PMID>1<', '<PMID>2<')}</PubmedArticleSet>`);
    expect(pubmedXml.parse(text(file)).ids.pmid).toBe('1');
    expect((await parseFile(pubmedXml, file, 3)).map((d) => d.ids.pmid)).toEqual(['1', '2']);
  });

  it('parses the units of a fixture byte-identically to the whole file', async () => {
    const [doc] = await parseFile(pubmedXml, fixture('biopython-pubmed5.xml'), 7);
    expect(doc).toEqual(pubmedXml.parse(fixtureText('biopython-pubmed5.xml')));
  });
});

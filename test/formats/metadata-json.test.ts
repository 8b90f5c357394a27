import { describe, expect, it } from 'vitest';
import { metadataJson } from '../../src/formats/metadata-json.ts';
import { expectValidDocument } from './harness.ts';
import { describeSeed, SEEDS, seedText } from './seed-fixtures.ts';

describeSeed(SEEDS.metadataJson, 'metadata-json');

const record = (fields: Record<string, unknown>) => `A. Author , B. Author\n${JSON.stringify(fields)}\nplain copy\n`;

describe('metadata JSON', () => {
  it('makes one record of the three copies in the seed, without repeated text', () => {
    const doc = metadataJson.parse(seedText(SEEDS.metadataJson));
    const body = doc.sections.map((s) => s.text).join('\n');
    expect(body.match(/The rarity of retroperitoneal leiomyosarcoma/g)).toHaveLength(1);
    expect(body).not.toMatch(/期刊介绍|American Journal of Surgery®/);
  });

  it('keeps HTML out of the text: no tags, no scripts or styles, entities decoded', () => {
    const doc = metadataJson.parse(
      record({ title: 'A trial', doi: '10.1/x', abstract: '<h3>Results</h3><p>Rates &lt; 5 &amp; falling<script>alert(1)</script><style>p{}</style></p>' }),
    );
    expect(doc.sections.at(-1)).toEqual({ label: 'RESULTS', text: 'Rates < 5 & falling' });
  });

  it('reads authors from a list and a DOI from a URL, and the date as precise as given', () => {
    const doc = metadataJson.parse(
      record({ title: 'A trial', DOIUrl: 'https://doi.org/10.1000/ABC.1', authors: ['Ann Lee', { name: 'Bo Chen' }], abstract: 'Plain abstract text.', publicationDate: '2024-3' }),
    );
    expect(doc.authors.map((a) => a.name)).toEqual(['Ann Lee', 'Bo Chen']);
    expect(doc.ids.doi).toBe('10.1000/ABC.1');
    expect(doc.published).toBe('2024-03');
    expect(doc.sections.at(-1)).toEqual({ label: 'ABSTRACT', text: 'Plain abstract text.' });
    expectValidDocument(doc);
  });

  it('falls back to the plain-text copy when the JSON has no abstract', () => {
    const doc = metadataJson.parse(`Ann Lee\n${JSON.stringify({ title: 'A trial', doi: '10.1/x', abstract: null })}\nA trial\nBackground\nRare tumours.\nResults\nAll alive.\n期刊介绍:\n本刊。\n`);
    expect(doc.sections).toEqual([
      { label: 'TITLE', text: 'A trial' },
      { label: 'BACKGROUND', text: 'Rare tumours.' },
      { label: 'RESULTS', text: 'All alive.' },
    ]);
  });

  it('rejects a truncated JSON object as malformed', () => {
    expect(() => metadataJson.parse('Ann Lee\n{"title":"A trial","abstract":"<p>x')).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('does not sniff BioC JSON', () => {
    expect(metadataJson.sniff('{"source":"PubTator","documents":[{"passages":[{"text":"x"}],"title":"t","abstract":"a","doi":"d"}]}', true)).toBe(0);
  });
});

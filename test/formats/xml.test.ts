import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DocumentRejectedError } from '../../src/errors.ts';
import { pubmedXml } from '../../src/formats/pubmed-xml.ts';
import { normalizeSpace, parseXmlElement, rawText, splitXmlElements, textOf } from '../../src/formats/xml.ts';
import { chunked, fixture, fixtureText, text, utf8 } from './harness.ts';

async function units(bytes: Uint8Array, size: number, names = ['PubmedArticle']) {
  const out = [];
  for await (const u of splitXmlElements(chunked(bytes, size), names)) out.push({ start: u.start, end: u.end, text: text(u.bytes) });
  return out;
}

describe('XML entities and DTDs', () => {
  it('leaves external (XXE) entities unexpanded and reads nothing from the file system', () => {
    const doc = pubmedXml.parse(fixtureText('xxe-pubmed.xml'));
    const all = JSON.stringify(doc);
    expect(all).not.toContain('root:');
    expect(doc.title).toBe('Leak: &xxe; &remote;');
    expect(doc.warnings.some((w) => w.includes('unexpanded'))).toBe(true);
  });

  it('does not read a local file named by a SYSTEM entity', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xxe-'));
    const secret = path.join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-MARKER');
    const xml = `<!DOCTYPE PubmedArticle [<!ENTITY s SYSTEM "file://${secret}">]><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>x &s;</ArticleTitle></Article></MedlineCitation></PubmedArticle>`;
    expect(JSON.stringify(pubmedXml.parse(xml))).not.toContain('TOP-SECRET-MARKER');
  });

  it('does not expand internal entity declarations (billion laughs)', () => {
    const started = Date.now();
    const doc = pubmedXml.parse(fixtureText('billion-laughs-pubmed.xml'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(JSON.stringify(doc)).not.toContain('lollol');
    expect(doc.title).toBe('Laughs &lol9;');
  });

  it('splits a file whose DOCTYPE has an internal subset', async () => {
    const found = await units(fixture('billion-laughs-pubmed.xml'), 5);
    expect(found).toHaveLength(1);
    expect(found[0].text.startsWith('<PubmedArticle>')).toBe(true);
  });

  it('decodes the predefined entities, numeric references and common HTML entities', () => {
    const { root } = parseXmlElement('<t>a &lt; b &amp;&amp; c &gt; d &quot;&apos; &#x3b1;&#946; 5&nbsp;mg&ndash;x</t>');
    expect(rawText(root)).toBe('a < b && c > d "\' αβ 5\u00a0mg–x');
    // Normalized text turns the no-break space into a plain one.
    expect(textOf(root)).toBe('a < b && c > d "\' αβ 5 mg–x');
  });

  it('rejects XML that is not well formed as malformed', () => {
    expect(() => parseXmlElement('<a><b></a>')).toThrow(DocumentRejectedError);
    try {
      parseXmlElement('<a><b></a>');
    } catch (error) {
      expect((error as DocumentRejectedError).code).toBe('malformed');
    }
  });

  it('flattens inline markup and reads MathML without its indentation', () => {
    const { root } = parseXmlElement('<p>r<sup>2</sup> of <i>TERT</i> ( <mml:math xmlns:mml="m">\n  <mml:mi>V</mml:mi>\n  <mml:mn>2</mml:mn>\n</mml:math> )</p>');
    expect(textOf(root)).toBe('r2 of TERT ( V2 )');
  });
});

describe('normalizeSpace', () => {
  it('collapses every run of whitespace to one space and trims, leaving single spaces alone', () => {
    expect(normalizeSpace('  Overall\n      survival  was\t12\u00a0months ')).toBe('Overall survival was 12 months');
    expect(normalizeSpace('a\u2009b')).toBe('a b');
    expect(normalizeSpace('a \u00a0 b\r\nc')).toBe('a b c');
    expect(normalizeSpace('already normal text')).toBe('already normal text');
    expect(normalizeSpace(' \n ')).toBe('');
    expect(normalizeSpace('')).toBe('');
  });
});

describe('splitXmlElements', () => {
  const article = (n: number) => `<PubmedArticle><MedlineCitation><PMID>${n}</PMID><Article><ArticleTitle>T ${n} é</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n`;
  const tricky =
    '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd">\n<PubmedArticleSet>\n' +
    '<!-- a comment with <PubmedArticle> inside -->\n' +
    article(1) +
    '<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle><![CDATA[</PubmedArticle> in CDATA]]></ArticleTitle></Article></MedlineCitation></PubmedArticle>\n' +
    article(3) +
    '<PubmedArticle attr="a > b"><MedlineCitation><PMID>4</PMID><Article><ArticleTitle>x</ArticleTitle></Article></MedlineCitation></PubmedArticle >\n' +
    '<PubmedArticleSetX/>\n</PubmedArticleSet>\n';

  it('yields the same units whatever the chunk size', async () => {
    const bytes = utf8(tricky);
    const reference = await units(bytes, 1 << 20);
    expect(reference).toHaveLength(4);
    for (const size of [1, 2, 7, 13, 64]) expect(await units(bytes, size)).toEqual(reference);
    for (const u of reference) expect(text(bytes.subarray(u.start, u.end))).toBe(u.text);
    expect(reference[1].text).toContain('<![CDATA[</PubmedArticle> in CDATA]]>');
  });

  it('splits a repeated synthetic PubMed file identically with 7-byte and 64 KiB chunks', async () => {
    const body = Array.from({ length: 200 }, (_, k) => article(k + 1)).join('');
    const bytes = utf8(`<?xml version="1.0"?>\n<PubmedArticleSet>\n${body}</PubmedArticleSet>\n`);
    const small = await units(bytes, 7);
    const large = await units(bytes, 64 * 1024);
    expect(small).toHaveLength(200);
    expect(small).toEqual(large);
    expect(small.map((u) => pubmedXml.parse(u.text).ids.pmid)).toEqual(Array.from({ length: 200 }, (_, k) => String(k + 1)));
  });

  it('yields a truncated last article as a unit whose parse is malformed', async () => {
    const whole = `<PubmedArticleSet>${article(1)}${article(2)}</PubmedArticleSet>`;
    const cut = utf8(whole.slice(0, whole.lastIndexOf('</ArticleTitle>')));
    const found = await units(cut, 7);
    expect(found).toHaveLength(2);
    expect(() => pubmedXml.parse(found[0].text)).not.toThrow();
    expect(() => pubmedXml.parse(found[1].text)).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('rejects a stream without any article as malformed', async () => {
    await expect(units(utf8('<html><body>not pubmed</body></html>'), 4)).rejects.toMatchObject({ code: 'malformed' });
  });
});

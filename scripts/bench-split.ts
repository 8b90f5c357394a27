/**
 * Streaming split benchmark: writes a synthetic PubMed XML of ARTICLES
 * articles (~150 MB for 30,000) to a temp file, streams it through
 * `pubmedXml.split` in 64 KiB chunks, and prints units, elapsed time, MB/s
 * and peak RSS. Memory must stay flat: run it also with a small heap, e.g.
 *   node --max-old-space-size=64 --import tsx scripts/bench-split.ts
 * Usage: tsx scripts/bench-split.ts [articles=30000]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pubmedXml } from '../src/formats/pubmed-xml.ts';

const ARTICLES = Number(process.argv[2] ?? 30_000);

const SENTENCE =
  'We measured prediagnostic leucocyte telomere length in 386 pancreatic cancer cases and 896 matched controls from five prospective US cohorts (OR 1.72; 95% CI 1.07 to 2.78; p&lt;0.05). ';

/** One ~5 KB article; `n` makes every PMID distinct. */
function article(n: number): string {
  const authors = Array.from({ length: 6 }, (_, k) =>
    `<Author ValidYN="Y"><LastName>Author${k}</LastName><ForeName>Name</ForeName><Initials>N</Initials><AffiliationInfo><Affiliation>Department ${k}, University Hospital, City, Country.</Affiliation></AffiliationInfo></Author>`,
  ).join('');
  return `<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">${10_000_000 + n}</PMID>` +
    `<Article PubModel="Print"><Journal><Title>Journal of Synthetic Benchmarks</Title><JournalIssue CitedMedium="Internet"><PubDate><Year>2020</Year><Month>Jun</Month></PubDate></JournalIssue></Journal>` +
    `<ArticleTitle>Synthetic article ${n} on <i>TERT</i> and telomere length.</ArticleTitle><Abstract>` +
    `<AbstractText Label="BACKGROUND">${SENTENCE.repeat(4)}</AbstractText><AbstractText Label="METHODS">${SENTENCE.repeat(6)}</AbstractText>` +
    `<AbstractText Label="RESULTS">${SENTENCE.repeat(6)}</AbstractText><AbstractText Label="CONCLUSIONS">${SENTENCE.repeat(2)}</AbstractText></Abstract>` +
    `<AuthorList CompleteYN="Y">${authors}</AuthorList><Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article></MedlineCitation>` +
    `<PubmedData><ArticleIdList><ArticleId IdType="pubmed">${10_000_000 + n}</ArticleId><ArticleId IdType="doi">10.1000/bench.${n}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>\n`;
}

async function writeFile(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n');
  for (let n = 0; n < ARTICLES; n++) {
    if (!out.write(article(n))) await once(out, 'drain');
  }
  out.end('</PubmedArticleSet>\n');
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-split-'));
  const file = path.join(dir, 'pubmed-large.xml');
  try {
    await writeFile(file);
    const size = statSync(file).size;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = process.hrtime.bigint();
    let units = 0;
    let maxUnit = 0;
    let lastEnd = 0;
    for await (const unit of pubmedXml.split!(createReadStream(file, { highWaterMark: 64 * 1024 }))) {
      units++;
      maxUnit = Math.max(maxUnit, unit.bytes.length);
      if (unit.start < lastEnd) throw new Error('units overlap');
      lastEnd = unit.end;
      if ((units & 1023) === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (units !== ARTICLES) throw new Error(`expected ${ARTICLES} units, got ${units}`);
    const mb = size / 2 ** 20;
    console.log(JSON.stringify({
      articles: ARTICLES,
      fileMiB: +mb.toFixed(1),
      units,
      largestUnitBytes: maxUnit,
      seconds: +seconds.toFixed(2),
      MiBPerSecond: +(mb / seconds).toFixed(1),
      rssBeforeMiB: +(rssBefore / 2 ** 20).toFixed(1),
      peakRssMiB: +(peak / 2 ** 20).toFixed(1),
      heapLimitMiB: +(((await import('node:v8')).getHeapStatistics().heap_size_limit) / 2 ** 20).toFixed(0),
    }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

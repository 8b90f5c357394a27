/**
 * The gold sets on disk (test/fixtures), read into what `scoring.ts` scores,
 * and the records `litstream parse` gives for them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractMetrics } from '../../src/metrics/index.ts';
import { buildRecord, recordsForFile } from '../../src/pipeline.ts';
import type { LitRecord, Section } from '../../src/record.ts';
import {
  DEV_FAMILIES,
  RATIO_NAMES,
  evaluateRatios,
  evaluateSeed,
  scoreDevSet,
  seedScores,
  type DevGold,
  type DevResult,
  type LabelledMetric,
  type RatioDocument,
  type RatioName,
  type RatioResult,
  type SeedResult,
  type Score,
} from './scoring.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');
const CORPORA = join(FIXTURES, 'corpora');

/** Every record of one file, as `litstream parse` gives them (`key` is the file name). */
export async function recordsOfFile(key: string, bytes: Uint8Array): Promise<LitRecord[]> {
  const open = async function* () {
    yield bytes;
  };
  const records: LitRecord[] = [];
  for await (const record of recordsForFile(key, bytes, bytes.length, open)) records.push(record);
  return records;
}

// ---------------------------------------------------------------- development set

export const DEV_DIR = join(CORPORA, 'metrics-dev');

export function loadDevGold(dir = DEV_DIR): DevGold[] {
  return JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as DevGold[];
}

/** The development set's records by PMID, parsed from its PubMed XML file. */
export async function devRecords(dir = DEV_DIR): Promise<Map<string, LitRecord>> {
  const file = 'pubmed-metrics-dev.xml';
  const records = await recordsOfFile(file, new Uint8Array(readFileSync(join(dir, file))));
  return new Map(records.filter((r) => r.ids.pmid).map((r) => [r.ids.pmid!, r]));
}

export async function evaluateDevSet(dir = DEV_DIR): Promise<{ result: DevResult; records: Map<string, LitRecord> }> {
  const records = await devRecords(dir);
  return { result: scoreDevSet(records, loadDevGold(dir)), records };
}

// ---------------------------------------------------------------- held-out sets

/** A set of labels over the documents of one corpus file, labelled by hand under the development set's rules. */
export interface LabelledSet {
  /** Its folder under test/fixtures/corpora, with gold.json and the README that says how it was made. */
  readonly name: string;
  /** The corpus file its documents are read from, relative to test/fixtures/corpora. */
  readonly corpus: string;
  readonly title: string;
  /**
   * True while no rule has been written from the set: `npm run eval -- --misses`
   * then prints its figures but never its misses, so that reading them cannot
   * turn it into a development set by accident.
   */
  readonly measureOnly: boolean;
}

/**
 * The labelled sets beside metrics-dev. The measuring ones show how far the
 * rules generalise: no rule is written from them, so the gap between their
 * scores and the development set's is the honest figure. Each README says how
 * its documents were chosen and whether a rule has since been written from
 * its misses.
 */
export const HELD_OUT_SETS: readonly LabelledSet[] = [
  { name: 'metrics-holdout', corpus: 'pubtator/CDR_DevelopmentSet.PubTator.txt', title: '40 CDR abstracts, every 12th from the 6th, mostly case reports and animal studies', measureOnly: true },
  { name: 'metrics-cdr-studies', corpus: 'pubtator/CDR_DevelopmentSet.PubTator.txt', title: '50 CDR abstracts around those, 40 of them human studies; a development set since its first measurement', measureOnly: false },
  { name: 'metrics-cdr-studies-2', corpus: 'pubtator/CDR_DevelopmentSet.PubTator.txt', title: '50 more CDR abstracts, indices 108 to 218, 40 of them human studies', measureOnly: true },
  { name: 'metrics-biored', corpus: 'bioc/BioRED-Dev.BioC.XML', title: 'the first 50 BioRED abstracts, genetic and clinical studies and some that are not', measureOnly: true },
  { name: 'metrics-cdr-studies-3', corpus: 'pubtator/CDR_DevelopmentSet.PubTator.txt', title: '60 CDR abstracts, indices 219 to 290 and 300 to 371, 50 of them human studies; a development set since its first measurement', measureOnly: false },
  { name: 'metrics-cdr-studies-4', corpus: 'pubtator/CDR_DevelopmentSet.PubTator.txt', title: '30 CDR abstracts, indices 372 to 443, 25 of them human studies', measureOnly: true },
  { name: 'metrics-cdr-studies-5', corpus: 'pubtator/CDR_DevelopmentSet.PubTator.txt', title: '30 CDR abstracts, indices 444 to 499, 25 of them human studies; a development set since its first measurement', measureOnly: false },
  { name: 'metrics-ncbi-disease', corpus: 'pubtator/NCBIdevelopset_corpus.txt', title: '43 NCBI Disease corpus abstracts, genetic studies of patients, families and tumours and 8 that are not; a development set since its first measurement', measureOnly: false },
  { name: 'metrics-ncbi-disease-2', corpus: 'pubtator/NCBIdevelopset_corpus.txt', title: 'the other 26 NCBI Disease corpus abstracts walked, indices 69 to 99, 20 of them studies of people', measureOnly: true },
  { name: 'metrics-biored-2', corpus: 'bioc/BioRED-Dev.BioC.XML', title: 'the last 50 BioRED abstracts, 19 human studies; a development set', measureOnly: false },
];

/** The records of each corpus file, read once however many labelled sets are over it. */
const corpusCache = new Map<string, Promise<LitRecord[]>>();
function corpusRecords(corpus: string): Promise<LitRecord[]> {
  let records = corpusCache.get(corpus);
  if (!records) {
    records = recordsOfFile(corpus.split('/').pop()!, new Uint8Array(readFileSync(join(CORPORA, corpus))));
    corpusCache.set(corpus, records);
  }
  return records;
}

/** Scores one labelled set against the records `litstream parse` gives for its corpus file; null when its labels are not there. */
export async function evaluateLabelledSet(set: LabelledSet): Promise<DevResult | null> {
  const dir = join(CORPORA, set.name);
  if (!existsSync(join(dir, 'gold.json'))) return null;
  const gold = loadDevGold(dir);
  const records = await corpusRecords(set.corpus);
  const wanted = new Set(gold.map((g) => g.id));
  return scoreDevSet(new Map(records.filter((r) => r.ids.pmid && wanted.has(r.ids.pmid)).map((r) => [r.ids.pmid!, r])), gold);
}

// ---------------------------------------------------------------- seeds

export async function evaluateSeeds(
  seedDir = join(FIXTURES, 'seeds'),
  labelDir = join(FIXTURES, 'labels'),
): Promise<{ results: SeedResult[]; byName: Map<string, Score> }> {
  const results: SeedResult[] = [];
  for (const file of readdirSync(labelDir).filter((f) => f.endsWith('.json')).sort()) {
    const stem = file.replace(/\.json$/, '');
    const seedFile = readdirSync(seedDir).find((f) => f.replace(/\.[^.]+$/, '') === stem);
    if (!seedFile) continue;
    const labels = JSON.parse(readFileSync(join(labelDir, file), 'utf8')) as LabelledMetric[];
    const records = await recordsOfFile(seedFile, new Uint8Array(readFileSync(join(seedDir, seedFile))));
    results.push(evaluateSeed(seedFile, records, labels));
  }
  return { results, byName: seedScores(results) };
}

// ---------------------------------------------------------------- ratio corpus

const LABEL_TO_NAME: Record<string, RatioName> = { '3': 'hazard_ratio', '4': 'odds_ratio', '5': 'relative_risk' };

/** One document per file: the title, then the sentences as one section. */
export function loadRatioCorpus(split: 'train' | 'validation'): RatioDocument[] {
  const dir = join(CORPORA, 'hazard-ratios', split);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(dir, file), 'utf8').split(/\r?\n/);
      const sentences: string[] = [];
      const gold: RatioDocument['gold'] = [];
      for (const line of lines.slice(1)) {
        if (!line.trim()) continue;
        const [sentence, entities] = line.split('\t');
        sentences.push(sentence);
        for (const entity of (entities ?? '').split('.').filter(Boolean)) {
          const [label, begin, end] = entity.split(',');
          const name = LABEL_TO_NAME[label];
          if (!name) continue;
          const text = sentence.slice(Number(begin) - 1, Number(end) - 1);
          gold.push({ name, value: Number(text.replace('·', '.')), text });
        }
      }
      return {
        id: file.replace(/\.tsv$/, ''),
        sections: [
          { label: 'TITLE', text: lines[0] ?? '' },
          { label: 'ABSTRACT', text: sentences.join(' ') },
        ],
        gold,
      };
    });
}

export function evaluateRatioSplit(split: 'train' | 'validation'): RatioResult {
  return evaluateRatios(loadRatioCorpus(split), extractMetrics);
}

// ---------------------------------------------------------------- CLERx-LM held-out set

export const CLERX_DIR = join(CORPORA, 'metrics-clerx');

/**
 * The families metrics-clerx labels: all but the ratios, which these
 * documents carry as the corpus's own annotations (scored by
 * `evaluateRatioSplit`); its gold.json leaves them empty.
 */
export const CLERX_FAMILIES: readonly string[] = DEV_FAMILIES.map((f) => f.id).filter((id) => !(RATIO_NAMES as readonly string[]).includes(id));

/**
 * The CLERx-LM abstracts of both splits, each PMID once (31748884 is in
 * both), as records: the documents `loadRatioCorpus` builds, made into
 * records by the pipeline's `buildRecord` as plain text with the PMID of the
 * file name.
 */
export function clerxRecords(): Map<string, LitRecord> {
  const records = new Map<string, LitRecord>();
  for (const split of ['train', 'validation'] as const) {
    for (const doc of loadRatioCorpus(split)) {
      const pmid = doc.id.split('_')[0];
      if (records.has(pmid)) continue;
      const parsed = {
        format: 'plain-text' as const,
        ids: { pmid, doi: null, pmcid: null },
        title: doc.sections[0].text,
        language: null,
        authors: [],
        journal: null,
        published: null,
        sections: doc.sections,
        entities: [],
        relations: [],
        references: [],
        warnings: [],
      };
      records.set(pmid, buildRecord(parsed, { key: `hazard-ratios/${split}/${doc.id}.tsv`, index: 0 }, `pmid:${pmid}`));
    }
  }
  return records;
}

/**
 * The CLERx-LM abstracts labelled by hand under the metrics-dev rules
 * (metrics-clerx/README.md), for measuring only: no rule is written from
 * them. Ratio families are not scored here. Null when the labels are not there.
 */
export function evaluateClerx(): DevResult | null {
  if (!existsSync(join(CLERX_DIR, 'gold.json'))) return null;
  return scoreDevSet(clerxRecords(), loadDevGold(CLERX_DIR), CLERX_FAMILIES);
}

// ---------------------------------------------------------------- throughput

/** PubTator documents (blank-line separated) as title and abstract sections. */
export function pubtatorDocuments(text: string): Section[][] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => [...block.matchAll(/^\d+\|([ta])\|(.*)$/gm)].map((m) => ({ label: m[1] === 't' ? 'TITLE' : 'ABSTRACT', text: m[2] })))
    .filter((sections) => sections.length > 0);
}

export function cdrDocuments(): Section[][] {
  return pubtatorDocuments(readFileSync(join(CORPORA, 'pubtator', 'CDR_DevelopmentSet.PubTator.txt'), 'utf8'));
}

/** Abstracts per second of `extractMetrics` on one core, best of `rounds`. */
export function throughput(docs: Section[][], rounds = 3): { documents: number; seconds: number; perSecond: number } {
  for (const d of docs.slice(0, 20)) extractMetrics(d);
  let best = Infinity;
  for (let r = 0; r < rounds; r += 1) {
    const t0 = process.hrtime.bigint();
    for (const d of docs) extractMetrics(d);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { documents: docs.length, seconds: best, perSecond: docs.length / best };
}

/**
 * In-memory dashboard sources: records, units and queues held in arrays,
 * answering like RecordStore and SQS would. Used by the API tests, the page
 * tests and the dashboard benchmark.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summaryOf, type FileItem, type RecordSummary, type UnitStatus } from '../../adapters/store.ts';
import type { DashboardQueues, DashboardSources, DashboardStore, QueueDepth } from '../../dashboard/api.ts';
import type { LitRecord, Metric } from '../../src/record.ts';
import type { UnitState } from '../../src/store/layout.ts';

export type FakeUnit = UnitStatus & { sourcePk: string };

export class FakeStore implements DashboardStore {
  readonly calls: string[] = [];
  constructor(
    readonly records: LitRecord[] = [],
    readonly units: FakeUnit[] = [],
    readonly updatedAt = new Map<string, string>(),
  ) {}

  async listRecordSummaries(limit?: number): Promise<RecordSummary[]> {
    this.calls.push('listRecordSummaries');
    return [...this.records]
      .sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0))
      .slice(0, limit)
      .map((r) => ({
        ...summaryOf(r),
        sources: [`intake/${r.source.key}#etag#${r.source.index}`],
        updatedAt: this.updatedAt.get(r.docId) ?? '2026-01-01T00:00:00.000Z',
      }));
  }

  async getRecord(docId: string): Promise<LitRecord | undefined> {
    this.calls.push(`getRecord ${docId}`);
    return this.records.find((r) => r.docId === docId);
  }

  async unitsInState(state: UnitState, limit?: number): Promise<FakeUnit[]> {
    this.calls.push(`unitsInState ${state}`);
    return this.units
      .filter((u) => u.state === state)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, limit);
  }

  async listFiles(): Promise<FileItem[]> {
    return [];
  }
}

export class FakeQueues implements DashboardQueues {
  readonly redriven: string[] = [];
  constructor(readonly queues: QueueDepth[] = defaultQueues()) {}

  async depths(): Promise<QueueDepth[]> {
    return structuredClone(this.queues);
  }

  async redrive(name: string): Promise<{ method: string; moved: number }> {
    this.redriven.push(name);
    const queue = this.queues.find((q) => q.name === name)!;
    const moved = queue.deadLetter?.visible ?? 0;
    if (queue.deadLetter) queue.deadLetter.visible = 0;
    queue.visible += moved;
    return { method: 'receive-send-delete', moved };
  }
}

export function defaultQueues(): QueueDepth[] {
  return ['Intake', 'Parse', 'Extract'].map((name) => ({
    name,
    visible: 0,
    inFlight: 0,
    delayed: 0,
    deadLetter: { visible: 0, inFlight: 0 },
    canRedrive: true,
  }));
}

export function fakeSources(records: LitRecord[] = [], units: FakeUnit[] = [], queues?: QueueDepth[]): DashboardSources & {
  store: FakeStore;
  queues: FakeQueues;
} {
  return { store: new FakeStore(records, units), queues: new FakeQueues(queues) };
}

/** A metric whose span is found in `text` by searching for `phrase`. */
function metricAt(sections: LitRecord['sections'], section: number, phrase: string, metric: Omit<Metric, 'section' | 'start' | 'end'>): Metric {
  const start = sections[section].text.indexOf(phrase);
  if (start < 0) throw new Error(`phrase "${phrase}" not in section ${section}`);
  return { ...metric, section, start, end: start + phrase.length };
}

/** An extracted record with a cohort size, a median overall survival and two entities, all at real spans, and a retrospective multicenter cohort design. */
export function extractedRecord(n: number, overrides: Partial<LitRecord> = {}): LitRecord {
  const cohort = 20 + ((n * 37) % 400);
  const os = 6 + ((n * 13) % 60);
  const sections = [
    { label: 'TITLE', text: `Outcomes of leiomyosarcoma resection in cohort ${n}` },
    {
      label: 'RESULTS',
      text: `A total of ${cohort} patients with leiomyosarcoma were included. Median overall survival was ${os} months (95% CI ${os - 2}-${os + 3}). Doxorubicin was given to ${Math.floor(cohort / 3)} patients.`,
    },
  ];
  return {
    docId: `pmid:${1000000 + n}`,
    status: 'extracted',
    format: (['pubtator', 'pubmed-xml', 'medline', 'bioc-json', 'structured-abstract'] as const)[n % 5],
    source: { key: `incoming/doc-${n}.txt`, index: 0 },
    ids: { pmid: String(1000000 + n), doi: null, pmcid: null },
    title: sections[0].text,
    language: 'en',
    authors: [{ name: 'A. Author', affiliations: [] }],
    journal: 'Journal of Tests',
    published: '2025-01-01',
    sections,
    entities: [
      { text: 'leiomyosarcoma', type: 'Disease', id: 'MESH:D007890', section: 1, start: sections[1].text.indexOf('leiomyosarcoma'), end: sections[1].text.indexOf('leiomyosarcoma') + 14 },
      { text: 'Doxorubicin', type: 'Chemical', id: 'MESH:D004317', section: 1, start: sections[1].text.indexOf('Doxorubicin'), end: sections[1].text.indexOf('Doxorubicin') + 11 },
    ],
    metrics: [
      metricAt(sections, 1, `A total of ${cohort} patients`, { name: 'cohort_size', value: cohort, unit: 'patients', rule: 'cohort.total-patients' }),
      metricAt(sections, 1, `Median overall survival was ${os} months (95% CI ${os - 2}-${os + 3})`, {
        name: 'median_os',
        value: os,
        unit: 'months',
        low: os - 2,
        high: os + 3,
        rule: 'survival.median-months',
      }),
    ],
    design: {
      retrospective: true,
      prospective: false,
      randomized: null,
      centers: 'multi',
      periodStart: 2001,
      periodEnd: 2019,
      type: 'cohort',
      subjects: 'humans',
    },
    relations: [],
    references: [],
    warnings: [],
    rejection: null,
    ...overrides,
  };
}

export function rejectedRecord(n: number, code: 'unsupported-format' | 'decode-error' = 'unsupported-format', message = 'binary content: no known format'): LitRecord {
  return {
    ...extractedRecord(n),
    docId: `sha256:${(0xabc0000000000000n + BigInt(n)).toString(16).padStart(16, '0')}`,
    status: 'rejected',
    format: null,
    ids: { pmid: null, doi: null, pmcid: null },
    title: null,
    sections: [],
    entities: [],
    metrics: [],
    rejection: { code, message },
  };
}

export function unit(n: number, state: UnitState, updatedAt: string, extra: Partial<FakeUnit> = {}): FakeUnit {
  return {
    sourcePk: `SRC#intake/incoming/doc-${n}.txt#etag${n}`,
    index: 0,
    stage: state === 'queued' ? 'detect' : 'extract',
    state,
    docId: `pmid:${1000000 + n}`,
    updatedAt,
    ...extra,
  };
}

const SEEDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/seeds');

/** The seed fixtures' stored records (test/fixtures/seeds/*.record.json). */
export function seedRecords(): LitRecord[] {
  return readdirSync(SEEDS_DIR)
    .filter((name) => name.endsWith('.record.json'))
    .sort()
    .map((name) => {
      const parsed = JSON.parse(readFileSync(path.join(SEEDS_DIR, name), 'utf8')) as LitRecord | LitRecord[];
      return Array.isArray(parsed) ? parsed[0] : parsed;
    });
}

const CORPUS_DESIGNS = ['cohort', 'randomized-controlled-trial', 'case-series', 'case-control', 'meta-analysis', 'cohort', 'non-randomized-trial'] as const;
const RATIO_NAMES = ['hazard_ratio', 'odds_ratio', 'relative_risk'] as const;

/**
 * `count` records made from the seed fixtures, each a copy changed in its
 * ids (`pmid:1`…`pmid:N`, so ids of different lengths test natural order),
 * year, design, randomisation and format (cohort sizes stay the seeds', as
 * their spans state them), and every other one
 * with a ratio (with its CI, at a real span) appended to its last section.
 * The same `count` always gives the same records.
 */
export function seedCorpus(count: number): LitRecord[] {
  const seeds = seedRecords().filter((r) => r.status === 'extracted' && r.sections.length > 0);
  return Array.from({ length: count }, (_, i) => {
    const seed = structuredClone(seeds[i % seeds.length]);
    const n = i + 1;
    const type = CORPUS_DESIGNS[i % CORPUS_DESIGNS.length];
    const randomized = type === 'randomized-controlled-trial' ? true : i % 3 === 0 ? null : false;
    const sections = seed.sections;
    let metrics = seed.metrics;
    if (i % 2 === 0) {
      const name = RATIO_NAMES[(i / 2) % RATIO_NAMES.length];
      const value = Math.round((0.3 + ((n * 17) % 250) / 100) * 100) / 100;
      const low = Math.round(value * 0.7 * 100) / 100;
      const high = Math.round(value * 1.45 * 100) / 100;
      const label = { hazard_ratio: 'hazard ratio', odds_ratio: 'odds ratio', relative_risk: 'relative risk' }[name];
      const sentence = ` The ${label} for death was ${value} (95% CI ${low}-${high}) in study ${n}.`;
      const last = sections.length - 1;
      const start = sections[last].text.length + 1;
      sections[last] = { ...sections[last], text: sections[last].text + sentence };
      const group = i % 4 === 0 ? 'adjuvant therapy' : null;
      metrics = [...metrics, { name, value, low, high, group, comparator: group ? 'observation' : null, section: last, start, end: start + sentence.length - 2, rule: 'ratio.corpus' }];
    }
    return {
      ...seed,
      docId: `pmid:${n}`,
      ids: { pmid: String(n), doi: i % 5 === 0 ? `10.1000/corpus.${n}` : null, pmcid: i % 7 === 0 ? `PMC${900000 + n}` : null },
      source: { key: `incoming/corpus-${n}.txt`, index: 0 },
      format: (['pubtator', 'pubmed-xml', 'medline', 'jats-xml', 'structured-abstract'] as const)[i % 5],
      title: `${seed.title ?? 'Untitled'} (study ${n})`,
      published: `${1996 + ((n * 7) % 30)}-0${1 + (n % 9)}-15`,
      journal: seed.journal ?? ['Journal of Surgical Oncology', 'Sarcoma', 'Annals of Oncology'][i % 3],
      authors: seed.authors.length ? seed.authors : [{ name: `Author ${n}`, affiliations: ['Sarcoma Center'] }, { name: 'B. Second', affiliations: [] }],
      design: { ...(seed.design ?? { retrospective: null, prospective: null, centers: null, periodStart: null, periodEnd: null, subjects: 'humans' }), type, randomized },
      metrics,
    } as LitRecord;
  });
}

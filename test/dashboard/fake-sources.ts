/**
 * In-memory dashboard sources: records, units and queues held in arrays,
 * answering like RecordStore and SQS would. Used by the API tests, the page
 * tests and the dashboard benchmark.
 */
import type { FileItem, MetricRow, RecordSummary, UnitStatus } from '../../adapters/store.ts';
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
      .sort((a, b) => a.docId.localeCompare(b.docId))
      .slice(0, limit)
      .map((r) => ({
        docId: r.docId,
        status: r.status,
        format: r.format,
        title: r.title,
        sections: r.sections.length,
        entities: r.entities.length,
        metrics: r.metrics.length,
        rejectionCode: r.rejection?.code ?? null,
        rejectionMessage: r.rejection?.message ?? null,
        sources: [`intake/${r.source.key}#etag#${r.source.index}`],
        updatedAt: this.updatedAt.get(r.docId) ?? '2026-01-01T00:00:00.000Z',
      }));
  }

  async getRecord(docId: string): Promise<LitRecord | undefined> {
    this.calls.push(`getRecord ${docId}`);
    return this.records.find((r) => r.docId === docId);
  }

  async queryMetric(name: string, limit?: number): Promise<MetricRow[]> {
    this.calls.push(`queryMetric ${name}`);
    return this.records
      .flatMap((r) =>
        r.metrics
          .filter((m) => m.name === name)
          .map((m) => ({ ...m, docId: r.docId, title: r.title, spanText: r.sections[m.section]?.text.slice(m.start, m.end) ?? '' })),
      )
      .slice(0, limit);
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

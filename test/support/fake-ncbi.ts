/**
 * A fake NCBI on 127.0.0.1: E-utilities (esearch, efetch) and PubTator3's
 * export, answering with the recorded responses in test/fixtures/ncbi/.
 *
 * - esearch counts come from `counts` (a per-day table, or a function of the
 *   date window) so a test can put more than 10,000 records in a window;
 *   each answer is a new history entry (WebEnv/QueryKey).
 * - efetch serves the recorded PubmedArticle bodies in turn, each under a
 *   PMID derived from the window's first day and the record's position, so
 *   the same window always yields the same PMIDs.
 * - PubTator3's biocjson export answers `{"PubTator3": [...]}` with the
 *   recorded document once per requested PMID (minus `unannotated` ones).
 * - `failNext(n, …)` answers the next n requests with a status (and
 *   Retry-After) or drops the connection.
 * - every request is recorded with a high-resolution arrival time.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/ncbi/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

const ESEARCH_TEMPLATE = fixture('esearch-history.xml');
const PUBMED_FILES = ['biopython-pubmed4.xml', 'biopython-pubmed5.xml', 'biopython-pubmed7.xml'].map(fixture);
const PUBMED_HEADER = PUBMED_FILES[0].slice(0, PUBMED_FILES[0].indexOf('<PubmedArticleSet>'));
const ARTICLES = PUBMED_FILES.flatMap((xml) => xml.match(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g) ?? []);
const PUBTATOR_DOC = JSON.parse(fixture('pubtator3-export-doc.json')) as Record<string, unknown>;

export interface RecordedRequest {
  /** Arrival time in milliseconds of the server's clock (performance.now() unless given one). */
  at: number;
  path: string;
  params: URLSearchParams;
  /** The status answered (0 for a dropped connection). */
  status: number;
}

type Failure = { status: number; retryAfter?: string } | { drop: true };

/** Records entered per window; `from`/`to` are YYYY-MM-DD, both included. */
export type CountTable = (from: string, to: string, term: string) => number;

/** A count table from per-day counts (days not listed count `otherDays`). */
export function dailyCounts(days: Record<string, number>, otherDays = 0): CountTable {
  return (from, to) => {
    let total = 0;
    for (let day = from; day <= to; day = nextDay(day)) total += days[day] ?? otherDays;
    return total;
  };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const fromEutilsDate = (value: string | null): string => (value ?? '').replaceAll('/', '-');

export class FakeNcbi {
  readonly requests: RecordedRequest[] = [];
  /** esearch counts. @default 5 records in any window */
  counts: CountTable = () => 5;
  /** PMIDs PubTator3 has no annotations for. */
  readonly unannotated = new Set<string>();
  /** Delay before each answer, in milliseconds. */
  latencyMs = 0;
  private readonly failures: Failure[] = [];
  private readonly histories = new Map<string, { from: string; count: number }>();

  private constructor(
    private readonly server: Server,
    private readonly clock: { now(): number },
  ) {}

  /**
   * Listens on 127.0.0.1; port 0 picks a free one. Arrival times are read
   * from `clock` (a test's virtual clock, shared with the code under test).
   */
  static async start(port = 0, clock: { now(): number } = { now: () => performance.now() }): Promise<FakeNcbi> {
    const server = createServer();
    const fake = new FakeNcbi(server, clock);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get eutilsBaseUrl(): string {
    return `${this.origin}/entrez/eutils`;
  }

  get pubtatorBaseUrl(): string {
    return `${this.origin}/research/pubtator3-api`;
  }

  /** Answers the next `n` requests with `status` (and a Retry-After header when given). */
  failNext(n: number, status: number, retryAfter?: string): void {
    for (let i = 0; i < n; i++) this.failures.push({ status, retryAfter });
  }

  /** Drops the connection of the next `n` requests without answering. */
  dropNext(n: number): void {
    for (let i = 0; i < n; i++) this.failures.push({ drop: true });
  }

  requestsTo(endpoint: 'esearch' | 'efetch' | 'pubtator'): RecordedRequest[] {
    const suffix = endpoint === 'pubtator' ? '/publications/export/biocjson' : `/${endpoint}.fcgi`;
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }

  /** The PMID efetch gives the record at `position` of a window starting on `from`. */
  static pmidFor(from: string, position: number): string {
    const day = Math.round(Date.parse(`${from}T00:00:00Z`) / 86_400_000);
    return String(30_000_000 + (day % 1000) * 10_000 + position);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.clock.now();
    const url = new URL(req.url ?? '/', this.origin);
    const record: RecordedRequest = { at, path: url.pathname, params: url.searchParams, status: 0 };
    this.requests.push(record);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const failure = this.failures.shift();
    if (failure && 'drop' in failure) {
      req.socket.destroy();
      return;
    }
    const send = (status: number, body: string, type: string, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    if (failure) {
      const body = failure.status === 429 ? '{"error":"API rate limit exceeded","count":"4"}' : 'Internal Server Error';
      send(failure.status, body, 'text/plain', failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
      return;
    }
    if (url.pathname.endsWith('/esearch.fcgi')) send(200, this.esearch(url.searchParams), 'text/xml');
    else if (url.pathname.endsWith('/efetch.fcgi')) send(200, this.efetch(url.searchParams), 'text/xml');
    else if (url.pathname.endsWith('/publications/export/biocjson')) this.pubtator(url.searchParams, send);
    else send(404, 'not found', 'text/plain');
  }

  private esearch(params: URLSearchParams): string {
    const from = fromEutilsDate(params.get('mindate'));
    const to = fromEutilsDate(params.get('maxdate'));
    const count = this.counts(from, to, params.get('term') ?? '');
    const queryKey = String(this.histories.size + 1);
    const webEnv = `MCID_fake${queryKey.padStart(8, '0')}`;
    this.histories.set(webEnv, { from, count });
    return ESEARCH_TEMPLATE.replace(/<Count>\d+<\/Count>/, `<Count>${count}</Count>`)
      .replace(/<RetMax>\d+<\/RetMax>/, `<RetMax>0</RetMax>`)
      .replace(/<QueryKey>\d+<\/QueryKey>/, `<QueryKey>${queryKey}</QueryKey>`)
      .replace(/<WebEnv>[^<]*<\/WebEnv>/, `<WebEnv>${webEnv}</WebEnv>`)
      .replace(/<IdList>[\s\S]*?<\/IdList>/, '<IdList></IdList>');
  }

  private efetch(params: URLSearchParams): string {
    const history = this.histories.get(params.get('WebEnv') ?? '');
    if (!history) return `<?xml version="1.0" ?>\n<eFetchResult>\n\t<ERROR>Unable to obtain query #${params.get('query_key')}</ERROR>\n</eFetchResult>\n`;
    const retstart = Number(params.get('retstart') ?? 0);
    const retmax = Number(params.get('retmax') ?? 20);
    const end = Math.min(history.count, retstart + retmax);
    const articles: string[] = [];
    for (let position = retstart; position < end; position++) {
      const article = ARTICLES[position % ARTICLES.length];
      articles.push(article.replace(/<PMID Version="1">\d+<\/PMID>/, `<PMID Version="1">${FakeNcbi.pmidFor(history.from, position)}</PMID>`));
    }
    return `${PUBMED_HEADER}<PubmedArticleSet>\n${articles.join('\n')}\n</PubmedArticleSet>\n`;
  }

  private pubtator(params: URLSearchParams, send: (status: number, body: string, type: string) => void): void {
    const pmids = (params.get('pmids') ?? '').split(',').filter((pmid) => pmid && !this.unannotated.has(pmid));
    if (pmids.length === 0) {
      send(404, '{"detail":"Could not retrieve publications"}', 'application/json');
      return;
    }
    const documents = pmids.map((pmid) => ({ ...PUBTATOR_DOC, _id: `${pmid}|None`, id: pmid, pmid: Number(pmid) }));
    send(200, JSON.stringify({ PubTator3: documents }), 'application/json');
  }
}

/** The most requests any interval of `windowMs` contains. */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

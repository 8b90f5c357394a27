/**
 * A client of NCBI's E-utilities for PubMed: esearch with the history server
 * (`usehistory=y`, `retmax=0`: the count and the WebEnv/query_key, no ids),
 * then efetch of the abstracts as PubMed XML in batches from that history.
 * NCBI asks every request to carry `tool` and `email`; `api_key` raises the
 * rate limit from 3 to 10 requests per second.
 * https://www.ncbi.nlm.nih.gov/books/NBK25499/
 */
import { UpstreamResponseError } from './errors.ts';
import type { HttpClient } from './http.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { eutilsDate, type DayWindow } from './windows.ts';

export const DEFAULT_EUTILS_BASE_URL = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils';

/** Records per efetch request. NCBI suggests at most a few hundred abstracts per request. */
export const EFETCH_BATCH_SIZE = 200;

export interface EutilsConfig {
  baseUrl: string;
  /** Registered tool name, sent as `tool`. */
  tool: string;
  /** Contact address, sent as `email` (NCBI asks for one; omitted only when none is known). */
  email?: string;
  apiKey?: string;
}

export interface SearchHistory {
  webEnv: string;
  queryKey: string;
}

export interface EsearchResult {
  count: number;
  history: SearchHistory;
}

function firstElement(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
}

/** Reads Count, WebEnv and QueryKey of an esearch answer; an ERROR element throws. */
export function parseEsearch(xml: string): EsearchResult {
  const error = firstElement(xml, 'ERROR');
  if (error) throw new UpstreamResponseError(`esearch error: ${error}`);
  // The first Count is the result set's; TranslationStack carries per-term counts after it.
  const count = firstElement(xml, 'Count');
  const webEnv = firstElement(xml, 'WebEnv');
  const queryKey = firstElement(xml, 'QueryKey');
  if (count === undefined || !/^\d+$/.test(count)) throw new UpstreamResponseError('esearch answer has no Count');
  if (!webEnv || !queryKey) throw new UpstreamResponseError('esearch answer has no WebEnv/QueryKey (usehistory ignored?)');
  return { count: Number(count), history: { webEnv, queryKey } };
}

/**
 * The PMIDs of the articles in an efetch answer, in order: each article's own
 * PMID (its first), not the PMIDs its CommentsCorrections cite.
 */
export function articlePmids(xml: string): string[] {
  const pmids: string[] = [];
  const articles = xml.split(/<Pubmed(?:Book)?Article[\s>]/).slice(1);
  for (const article of articles) {
    const pmid = /<PMID[^>]*>\s*(\d+)\s*<\/PMID>/.exec(article)?.[1];
    if (pmid) pmids.push(pmid);
  }
  return pmids;
}

export class EutilsClient {
  constructor(
    private readonly http: HttpClient,
    private readonly limiter: RateLimiter,
    private readonly config: EutilsConfig,
  ) {}

  get hasApiKey(): boolean {
    return Boolean(this.config.apiKey);
  }

  private url(endpoint: string, params: Record<string, string>): string {
    const query = new URLSearchParams({ ...params, tool: this.config.tool });
    if (this.config.email) query.set('email', this.config.email);
    if (this.config.apiKey) query.set('api_key', this.config.apiKey);
    return `${this.config.baseUrl.replace(/\/+$/, '')}/${endpoint}?${query}`;
  }

  /** Counts the records entered (EDAT) in `window` and keeps the result set on the history server. */
  async esearch(term: string, window: DayWindow): Promise<EsearchResult> {
    const xml = await this.http.getText(
      this.url('esearch.fcgi', {
        db: 'pubmed',
        term,
        datetype: 'edat',
        mindate: eutilsDate(window.from),
        maxdate: eutilsDate(window.to),
        usehistory: 'y',
        retmax: '0',
      }),
      this.limiter,
    );
    return parseEsearch(xml);
  }

  /** One batch of abstracts as a PubmedArticleSet document. */
  async efetch(history: SearchHistory, retstart: number, retmax: number): Promise<string> {
    const xml = await this.http.getText(
      this.url('efetch.fcgi', {
        db: 'pubmed',
        WebEnv: history.webEnv,
        query_key: history.queryKey,
        retstart: String(retstart),
        retmax: String(retmax),
        rettype: 'abstract',
        retmode: 'xml',
      }),
      this.limiter,
    );
    const error = firstElement(xml, 'ERROR');
    if (error) throw new UpstreamResponseError(`efetch error: ${error}`);
    if (!xml.includes('<PubmedArticleSet')) throw new UpstreamResponseError('efetch answer is not a PubmedArticleSet');
    return xml;
  }
}

/**
 * PubTator3's export API: entity and relation annotations of PubMed
 * abstracts as BioC JSON. `GET {base}/publications/export/biocjson?pmids=…`
 * takes up to 100 PMIDs and answers `{"PubTator3": [document, …]}`; recent
 * articles may not be annotated yet and are simply absent (a 404 means none
 * of the batch is). PubTator3 asks for at most 3 requests per second.
 * https://www.ncbi.nlm.nih.gov/research/pubtator3/api
 */
import { HttpStatusError, UpstreamResponseError } from './errors.ts';
import type { HttpClient } from './http.ts';
import type { RateLimiter } from './rate-limiter.ts';

export const DEFAULT_PUBTATOR_BASE_URL = 'https://www.ncbi.nlm.nih.gov/research/pubtator3-api';

/** PMIDs per export request (PubTator3's limit). */
export const PUBTATOR_BATCH_SIZE = 100;

/** A BioC JSON collection, the shape the `bioc-json` format reads. */
export interface BiocCollection {
  source: string;
  date: string;
  key: string;
  infons: Record<string, string>;
  documents: unknown[];
}

/**
 * The documents of an export answer, as a standard BioC collection. Accepts
 * PubTator3's `{"PubTator3": [...]}`, a BioC collection, or one document.
 */
export function toBiocCollection(body: string, date: string): BiocCollection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new UpstreamResponseError('PubTator3 export answer is not JSON', { cause: error });
  }
  const object = (parsed ?? {}) as Record<string, unknown>;
  const documents = Array.isArray(object.PubTator3)
    ? object.PubTator3
    : Array.isArray(object.documents)
      ? object.documents
      : Array.isArray(parsed)
        ? parsed
        : 'passages' in object
          ? [object]
          : undefined;
  if (!documents) throw new UpstreamResponseError('PubTator3 export answer has no documents');
  return { source: 'PubTator3', date, key: 'BioC.key', infons: {}, documents };
}

export class PubtatorClient {
  constructor(
    private readonly http: HttpClient,
    private readonly limiter: RateLimiter,
    private readonly baseUrl: string,
  ) {}

  /** Annotations of up to PUBTATOR_BATCH_SIZE PMIDs; an empty collection when none is annotated. */
  async export(pmids: readonly string[], date: string): Promise<BiocCollection> {
    if (pmids.length > PUBTATOR_BATCH_SIZE) throw new RangeError(`at most ${PUBTATOR_BATCH_SIZE} PMIDs per export, got ${pmids.length}`);
    const url = `${this.baseUrl.replace(/\/+$/, '')}/publications/export/biocjson?pmids=${pmids.join(',')}`;
    try {
      return toBiocCollection(await this.http.getText(url, this.limiter), date);
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) {
        return { source: 'PubTator3', date, key: 'BioC.key', infons: {}, documents: [] };
      }
      throw error;
    }
  }
}

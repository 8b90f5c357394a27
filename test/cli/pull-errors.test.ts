import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createPullCommand, pullFailureMessage } from '../../cli/commands/pull.ts';
import { CommandError } from '../../cli/errors.ts';
import { HttpStatusError, RetriesExhaustedError, UpstreamResponseError } from '../../src/pull/errors.ts';
import type { FetchLike } from '../../src/pull/http.ts';

const URLS = { eutils: 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils', pubtator: 'https://www.ncbi.nlm.nih.gov/research/pubtator3-api' };

/** What undici throws when nothing listens at the address. */
function refusedFetch(): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 130.14.29.110:443'), { code: 'ECONNREFUSED' }) });
}

describe('pull failures', () => {
  it('names the service that could not be reached and what to do, in one line', () => {
    const error = new RetriesExhaustedError(5, `GET ${URLS.eutils}/esearch.fcgi?db=pubmed`, { cause: refusedFetch() });
    const message = pullFailureMessage(error, URLS)!;
    expect(message).toBe(
      'cannot reach NCBI E-utilities at https://eutils.ncbi.nlm.nih.gov (ECONNREFUSED, 5 attempt(s)): check the network, or point --eutils-url (LITSTREAM_EUTILS_URL) elsewhere',
    );
    expect(message).not.toContain('\n');
  });

  it('names PubTator3 when its requests fail', () => {
    const error = new RetriesExhaustedError(5, `GET ${URLS.pubtator}/publications/export/biocjson?pmids=1`, { cause: refusedFetch() });
    expect(pullFailureMessage(error, URLS)).toMatch(/^cannot reach PubTator3 at https:\/\/www\.ncbi\.nlm\.nih\.gov .*--pubtator-url/);
  });

  it('says NCBI kept failing when it answered 5xx on every attempt', () => {
    const error = new RetriesExhaustedError(5, `GET ${URLS.eutils}/efetch.fcgi`, { cause: new HttpStatusError(503, `${URLS.eutils}/efetch.fcgi`, '') });
    expect(pullFailureMessage(error, URLS)).toBe('NCBI E-utilities kept failing with HTTP 503 (5 attempt(s)); try again later');
  });

  it('passes an error answer through and leaves other errors alone', () => {
    expect(pullFailureMessage(new UpstreamResponseError('esearch error: Invalid query'), URLS)).toBe('NCBI E-utilities: esearch error: Invalid query');
    expect(pullFailureMessage(new Error('bug'), URLS)).toBeUndefined();
  });

  it('a dry run that cannot reach NCBI ends in a CommandError, without retry noise', async () => {
    let err = '';
    const fetch: FetchLike = async () => {
      throw refusedFetch();
    };
    const program = new Command('litstream').exitOverride();
    createPullCommand({ fetch, retry: { baseDelayMs: 1, maxDelayMs: 1 }, env: { NCBI_EMAIL: 'test@example.org' }, stdout: () => {}, stderr: (text) => void (err += text) }).register(
      program,
      () => {},
    );
    const run = program.parseAsync(['node', 'litstream', 'pull', '--query', 'leiomyosarcoma', '--since', '2024-01-01', '--dry-run']);
    await expect(run).rejects.toThrow(CommandError);
    await expect(run).rejects.toThrow(/^cannot reach NCBI E-utilities at https:\/\/eutils\.ncbi\.nlm\.nih\.gov \(ECONNREFUSED, 5 attempt\(s\)\)/);
    expect(err).toBe('');
  });
});

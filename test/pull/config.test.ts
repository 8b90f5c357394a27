import { describe, expect, it } from 'vitest';
import { parsePullEnvironment, pullEventSchema } from '../../src/pull/config.ts';
import { PullError } from '../../src/pull/errors.ts';

const ENV = {
  SEARCHES: JSON.stringify([
    { id: 'leiomyosarcoma', query: 'leiomyosarcoma', pubtator: true },
    { id: 'intravenous-leiomyomatosis', query: '"intravenous leiomyomatosis"' },
  ]),
  TABLE_NAME: 'Records',
  INTAKE_BUCKET_NAME: 'intake',
  NCBI_TOOL: 'litstream',
  NCBI_EMAIL: 'team@example.org',
};

describe('pull function environment', () => {
  it('reads the searches and defaults the base URLs to NCBI', () => {
    const config = parsePullEnvironment(ENV);
    expect([...config.searches.keys()]).toEqual(['leiomyosarcoma', 'intravenous-leiomyomatosis']);
    expect(config.eutilsBaseUrl).toBe('https://eutils.ncbi.nlm.nih.gov/entrez/eutils');
    expect(config.pubtatorBaseUrl).toBe('https://www.ncbi.nlm.nih.gov/research/pubtator3-api');
    expect(config.apiKeyParameterName).toBeUndefined();
  });

  it('fails fast naming the variable when SEARCHES is not JSON', () => {
    expect(() => parsePullEnvironment({ ...ENV, SEARCHES: '[{' })).toThrow(/SEARCHES: not JSON/);
  });

  it('rejects duplicate and malformed search ids', () => {
    const duplicate = JSON.stringify([{ id: 'a', query: 'x' }, { id: 'a', query: 'y' }]);
    expect(() => parsePullEnvironment({ ...ENV, SEARCHES: duplicate })).toThrow(/unique/);
    expect(() => parsePullEnvironment({ ...ENV, SEARCHES: JSON.stringify([{ id: 'Bad Id', query: 'x' }]) })).toThrow(PullError);
  });

  it('requires the table, bucket and contact address', () => {
    expect(() => parsePullEnvironment({ SEARCHES: ENV.SEARCHES })).toThrow(/TABLE_NAME.*INTAKE_BUCKET_NAME.*NCBI_TOOL.*NCBI_EMAIL/);
  });

  it('accepts only {"searchId": "..."} events', () => {
    expect(pullEventSchema.safeParse({ searchId: 'leiomyosarcoma' }).success).toBe(true);
    expect(pullEventSchema.safeParse({}).success).toBe(false);
  });
});

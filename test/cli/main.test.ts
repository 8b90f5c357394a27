import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('litstream', () => {
  let out: string;
  let err: string;

  beforeEach(() => {
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('--version prints the package version', async () => {
    expect(await main(['node', 'litstream', '--version'])).toBe(0);
    expect(out).toBe(`${packageVersion}\n`);
  });

  it('parse of a missing file says so and exits 2', async () => {
    expect(await main(['node', 'litstream', 'parse', 'no/such/file.xml'])).toBe(2);
    expect(err).toBe('litstream: no such file: no/such/file.xml\n');
    expect(out).toBe('');
  });

  it('ingest of a missing file says so and exits 2, before connecting anywhere', async () => {
    expect(await main(['node', 'litstream', 'ingest', 'no/such/folder'])).toBe(2);
    expect(err).toBe('litstream: no such file: no/such/folder\n');
  });

  it('a --timeout that is not a number of seconds is a usage error', async () => {
    expect(await main(['node', 'litstream', 'ingest', 'events/documents', '--wait', '--timeout', 'soon'])).toBe(2);
    expect(err).toBe('litstream: --timeout must be a positive number of seconds, got "soon"\n');
  });

  it('a bad --format is a usage error', async () => {
    expect(await main(['node', 'litstream', 'records', '--format', 'xml'])).toBe(2);
    expect(err).toMatch(/Allowed choices are table, json, jsonl, csv/);
  });
});

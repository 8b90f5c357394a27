/**
 * Request rates of a pull, measured at the fake NCBI server (arrival times),
 * without and with an API key, at two simulated server latencies.
 *
 *   npx tsx scripts/bench-pull.ts [--records 6000]
 *
 * Prints, per case: requests, seconds from first to last arrival, mean rate,
 * and the most requests any 1-second window held (the limit NCBI enforces:
 * 3/s without a key, 10/s with one; PubTator3 3/s).
 */
import { parseArgs } from 'node:util';
import { createPullClients, runPull } from '../src/pull/pull.ts';
import { FakeNcbi, maxInWindow } from '../test/support/fake-ncbi.ts';
import { MemoryPullStore } from '../test/support/memory-pull-store.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '6000' } } });
const records = Number(values.records);

const rows: string[][] = [['PubTator3', 'key', 'latency ms', 'requests', 'seconds', 'req/s mean', 'max in 1 s', 'PubTator3 max in 1 s']];
const cases = [false, true].flatMap((pubtator) =>
  [0, 50].flatMap((latencyMs) => [undefined, 'bench-key'].map((apiKey) => ({ pubtator, latencyMs, apiKey }))),
);
for (const { pubtator, latencyMs, apiKey } of cases) {
  const ncbi = await FakeNcbi.start();
  ncbi.counts = () => records;
  ncbi.latencyMs = latencyMs;
  try {
    const clients = createPullClients({ fetch, tool: 'litstream-bench', email: 'bench@example.org', apiKey, eutilsBaseUrl: ncbi.eutilsBaseUrl, pubtatorBaseUrl: ncbi.pubtatorBaseUrl });
    await runPull(
      { id: 'bench', query: 'leiomyosarcoma', pubtator },
      { ...clients, sink: { write: async () => {} }, store: new MemoryPullStore() },
      { since: '2024-01-01', until: '2024-01-31' },
    );
    const times = ncbi.requests.map((r) => r.at).sort((a, b) => a - b);
    const seconds = (times.at(-1)! - times[0]) / 1000;
    rows.push([
      pubtator ? 'yes' : 'no',
      apiKey ? 'yes' : 'no',
      String(latencyMs),
      String(times.length),
      seconds.toFixed(2),
      ((times.length - 1) / seconds).toFixed(2),
      String(maxInWindow(times)),
      String(maxInWindow(ncbi.requestsTo('pubtator').map((r) => r.at))),
    ]);
  } finally {
    await ncbi.close();
  }
}
for (const row of rows) process.stdout.write(`${row.map((cell) => cell.padStart(12)).join(' ')}\n`);

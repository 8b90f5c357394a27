/**
 * Runs the fake E-utilities / PubTator3 server of the tests on 127.0.0.1,
 * for trying `litstream pull` against a deployed stack without calling NCBI:
 *
 *   npx tsx scripts/fake-ncbi.ts [--port 8765] [--count 25]
 *   npx litstream pull --query leiomyosarcoma --since 2024-01-01 \
 *     --eutils-url http://127.0.0.1:8765 --pubtator-url http://127.0.0.1:8765 --pubtator
 *
 * Every esearch window counts `--count` records. Stops on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { FakeNcbi } from '../test/support/fake-ncbi.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, count: { type: 'string', default: '25' } } });
const count = Number(values.count);
const ncbi = await FakeNcbi.start(Number(values.port));
ncbi.counts = () => count;
process.stdout.write(`fake NCBI listening: --eutils-url ${ncbi.origin} --pubtator-url ${ncbi.origin}\n`);
const stop = async (): Promise<void> => {
  process.stdout.write(`${ncbi.requests.length} requests served\n`);
  await ncbi.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

/**
 * The peers `npm run bench` measures litstream against, on the same files
 * and the same machine in the same run:
 *   - pubmed_parser (PyPI) on PubMed XML, and the `bioc` package (PyPI) on
 *     BioC XML, both in .bench-venv, a virtual environment created here with
 *     pinned versions;
 *   - a one-pass regular-expression scan of the bytes (every tag matched
 *     once), the most any parser in this runtime could do per byte;
 *   - whole processes: `litstream parse FILE` against a Python process
 *     that parses the same file with pubmed_parser and writes its records as
 *     JSON, interleaved runs, with peak RSS from /usr/bin/time when present.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PEER_PACKAGES = ['pubmed-parser==0.5.1', 'bioc==2.1'];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The Python of .bench-venv with the peers installed, or why there is none. */
export function peerPython(root: string): { python: string } | { skipped: string } {
  const venv = path.join(root, '.bench-venv');
  const python = path.join(venv, 'bin', 'python');
  if (!existsSync(python)) {
    const made = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
    if (made.status !== 0) return { skipped: `python3 -m venv failed: ${(made.stderr || made.error?.message || '').trim()}` };
  }
  const check = spawnSync(python, ['-c', 'import pubmed_parser, bioc'], { encoding: 'utf8' });
  if (check.status !== 0) {
    const pip = spawnSync(python, ['-m', 'pip', 'install', '--quiet', ...PEER_PACKAGES], { encoding: 'utf8' });
    if (pip.status !== 0) return { skipped: `pip install ${PEER_PACKAGES.join(' ')} failed: ${pip.stderr.trim().split('\n').slice(-2).join(' ')}` };
  }
  return { python };
}

/** pubmed_parser 0.5 opens every file with gzip.open; an uncompressed file is opened as it is. */
const PUBMED_PARSER_SETUP = String.raw`
import builtins, pubmed_parser as pp
_gzip_open = pp.medline_parser.gzip.open
pp.medline_parser.gzip.open = lambda path, mode="rb": (
    _gzip_open(path, mode) if str(path).endswith(".gz") else builtins.open(path, mode))
`;

/** In one process: each file parsed repeatedly for at least `seconds`; prints JSON. */
const IN_PROCESS = String.raw`
import json, sys, time
from bioc import biocxml
${PUBMED_PARSER_SETUP}
def pubmed(path): return sum(1 for _ in pp.parse_medline_xml(path))
def bioc_xml(path):
    with open(path, encoding="utf-8") as fp: return len(biocxml.load(fp).documents)
seconds = float(sys.argv[1])
results = []
for spec in sys.argv[2:]:
    kind, path = spec.split(":", 1)
    parse = pubmed if kind == "pubmed" else bioc_xml
    parse(path)
    rounds, docs, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        docs += parse(path)
        rounds += 1
    results.append({"kind": kind, "file": path, "rounds": rounds, "documents": docs // rounds, "seconds": time.perf_counter() - start})
print(json.dumps(results))
`;

/** The whole-process peer: parse one PubMed file and write every record as JSON, as `litstream parse` does. */
const WHOLE_PROCESS = String.raw`
import json, sys
${PUBMED_PARSER_SETUP}
json.dump(list(pp.parse_medline_xml(sys.argv[1])), sys.stdout, indent=2)
sys.stdout.write("\n")
`;

export interface PeerResult {
  kind: 'pubmed' | 'bioc';
  file: string;
  documents: number;
  MBPerSecond: number;
  documentsPerSecond: number;
}

/** pubmed_parser (`pubmed:` files) and bioc (`bioc:` files) in one Python process. */
export function pythonPeers(python: string, files: Array<{ kind: 'pubmed' | 'bioc'; file: string }>, seconds: number): PeerResult[] | string {
  const run = spawnSync(python, ['-c', IN_PROCESS, String(seconds), ...files.map((f) => `${f.kind}:${f.file}`)], { encoding: 'utf8' });
  if (run.status !== 0) return `the Python peers failed: ${run.stderr.trim().split('\n').slice(-1)[0]}`;
  return (JSON.parse(run.stdout) as Array<{ kind: 'pubmed' | 'bioc'; file: string; rounds: number; documents: number; seconds: number }>).map((r) => ({
    kind: r.kind,
    file: r.file,
    documents: r.documents,
    MBPerSecond: (statSync(r.file).size * r.rounds) / 1e6 / r.seconds,
    documentsPerSecond: (r.documents * r.rounds) / r.seconds,
  }));
}

/** Every tag of the file matched once by one regular expression, repeated for at least `seconds`: MB/s. */
export function regexScan(file: string, seconds: number): { MBPerSecond: number; tags: number } {
  const bytes = readFileSync(file);
  const tag = /<[^>]*>/g;
  let tags = 0;
  let rounds = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    // latin1: one character per byte, no decoding; the scan reads every byte.
    const text = bytes.toString('latin1');
    tags = 0;
    tag.lastIndex = 0;
    while (tag.exec(text) !== null) tags++;
    rounds++;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return { MBPerSecond: (bytes.length * rounds) / 1e6 / elapsed, tags };
}

/**
 * A PubMed XML of `articles` articles: the articles of `source` repeated,
 * each copy with PMIDs of its own, written to `file` unless it is there.
 */
export function repeatedPubmedFile(source: string, articles: number, file: string): string {
  if (existsSync(file)) return file;
  const xml = readFileSync(source, 'utf8');
  const found = xml.match(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g) ?? [];
  if (found.length === 0) throw new Error(`${source} has no <PubmedArticle>`);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'];
  for (let n = 0; n < articles; n++) {
    const copy = Math.floor(n / found.length);
    const article = found[n % found.length].replace(/<PMID Version="(\d+)">(\d+)<\/PMID>/, (_, v: string, pmid: string) => `<PMID Version="${v}">${Number(pmid) + copy * 100_000_000}</PMID>`);
    out.push(article, '\n');
  }
  out.push('</PubmedArticleSet>\n');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, out.join(''));
  return file;
}

export interface ProcessTiming {
  command: string;
  medianSeconds: number;
  runs: number[];
  peakRssMiB: number | null;
}

function timed(argv: string[], cwd: string): { seconds: number; rssMiB: number | null } {
  const gnuTime = existsSync('/usr/bin/time');
  const command = gnuTime ? ['/usr/bin/time', '-f', 'maxrss_kb=%M', ...argv] : argv;
  const started = process.hrtime.bigint();
  const run = spawnSync(command[0], command.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} failed (${run.status}): ${run.stderr.slice(-500)}`);
  const kb = /maxrss_kb=(\d+)/.exec(run.stderr)?.[1];
  return { seconds, rssMiB: kb ? Number(kb) / 1024 : null };
}

/**
 * `litstream parse FILE` and the pubmed_parser process on the same file,
 * `runs` runs each, alternating, stdout to /dev/null; medians.
 */
export function wholeProcess(root: string, python: string, file: string, runs: number): { litstream: ProcessTiming; peer: ProcessTiming } {
  const sides = [
    { command: `node cli/litstream.mjs parse ${path.relative(root, file)}`, argv: [process.execPath, path.join(root, 'cli/litstream.mjs'), 'parse', file] },
    { command: `python (pubmed_parser) ${path.relative(root, file)}`, argv: [python, '-c', WHOLE_PROCESS, file] },
  ];
  const samples = sides.map(() => ({ seconds: [] as number[], rss: [] as number[] }));
  for (const side of sides) timed(side.argv, root); // warm the file cache
  for (let r = 0; r < runs; r++) {
    for (const [i, side] of sides.entries()) {
      const t = timed(side.argv, root);
      samples[i].seconds.push(t.seconds);
      if (t.rssMiB !== null) samples[i].rss.push(t.rssMiB);
    }
  }
  const [litstream, peer] = sides.map((side, i) => ({
    command: side.command,
    medianSeconds: median(samples[i].seconds),
    runs: samples[i].seconds,
    peakRssMiB: samples[i].rss.length > 0 ? Math.max(...samples[i].rss) : null,
  }));
  return { litstream, peer };
}

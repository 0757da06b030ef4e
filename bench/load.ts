// Load test: 50 concurrent searchers against the HTTP API on loopback while notes are being
// ingested through the upload endpoint, bounded in time. The server runs in a child process (so
// the load generator does not share its event loop) over a temp database holding a generated base
// corpus; each searcher has its own session (the per-token rate limit stays on, as in production).
// Prints errors and p50/p95/p99 latency as a Markdown table.
//
//   npm run -s bench:load [-- --duration 20 --connections 50 --base 5000 --ingest 20000]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { numArg, pct } from './timing.js';

interface Ready {
  port: number;
  tokens: string[];
  admin: string;
  basePassages: number;
}

// ---------------------------------------------------------------------------------------------
// The server (child process).
async function runServer(dir: string, basePassages: number, connections: number): Promise<void> {
  const { listen } = await import('../src/api/listen.js');
  const { Service } = await import('../src/service.js');
  const { createApp } = await import('../src/api/app.js');
  const { createSession, createUser } = await import('../src/auth/users.js');
  const { generateCorpus } = await import('./generate.js');
  generateCorpus(join(dir, 'base'), basePassages, 7);
  const service = await Service.open({ db: join(dir, 'load.db') });
  const rep = await service.ingest([join(dir, 'base')], { actor: 'bench' });
  const app = createApp(service, { log: false });
  const analys = await createUser(service.db, { username: 'bench-analys', displayName: 'Bench', role: 'analys', password: 'bench-losenord-123' });
  const admin = await createUser(service.db, { username: 'bench-admin', displayName: 'Bench admin', role: 'admin', password: 'bench-losenord-123' });
  const tokens = Array.from({ length: connections }, () => createSession(service.db, analys.id).token);
  const { server, address } = await listen(app.fetch);
  process.send!({ port: address.port, tokens, admin: createSession(service.db, admin.id).token, basePassages: rep.passages } satisfies Ready);
  process.on('message', (m) => {
    if (m === 'stop') {
      server.close();
      service.close();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The load generator (parent).

async function main(): Promise<void> {
  const duration = numArg('duration', 20);
  const connections = numArg('connections', 50);
  const basePassages = numArg('base', 5000);
  const ingestPassages = numArg('ingest', 20_000);
  const dir = mkdtempSync(join(tmpdir(), 'dk-load-'));
  let child: ChildProcess | undefined;
  try {
    process.stderr.write(`Genererar och läser in baskorpus (${basePassages} textavsnitt) …\n`);
    child = fork(fileURLToPath(import.meta.url), ['--server', dir, String(basePassages), String(connections)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<Ready>((ok, fail) => {
      child!.once('message', (m) => ok(m as Ready));
      child!.once('exit', (code) => fail(new Error(`servern avslutades (${code})`)));
    });
    const base = `http://127.0.0.1:${ready.port}`;

    // The notes to upload during the test, generated here (another seed: new huvudmän).
    const { generateCorpus, sentencePool } = await import('./generate.js');
    const { seededRandom } = await import('../src/util/seeded-random.js');
    const upDir = join(dir, 'upload');
    if (ingestPassages > 0) generateCorpus(upDir, ingestPassages, 99);
    const files = ingestPassages > 0 ? readdirSync(upDir).sort() : [];
    // Distinct ids from the base corpus (both are generated with ids bench-<n>).
    const uploads = new Map(files.map((f) => [f, readFileSync(join(upDir, f), 'utf8').replace(/"bench-(\d+)/g, '"upload-$1')]));

    // Queries: 3–7 words from the fixture sentences; a third of them with a filter.
    const rand = seededRandom(4711);
    const pool = sentencePool();
    const FILTERS = [{}, {}, { typ: 'enskild' }, { region: 'Göteborg' }, { endastForskola: true }, {}];
    const bodies = Array.from({ length: 500 }, () =>
      JSON.stringify({
        query: pool[Math.floor(rand() * pool.length)]!.split(/\s+/).slice(0, 3 + Math.floor(rand() * 5)).join(' '),
        limit: 10,
        filters: FILTERS[Math.floor(rand() * FILTERS.length)],
      }),
    );

    // Warm-up (model, catalog and index loaded), as a running server would be.
    for (let i = 0; i < 20; i++)
      await fetch(`${base}/api/search`, { method: 'POST', headers: { authorization: `Bearer ${ready.tokens[i % ready.tokens.length]}`, 'content-type': 'application/json' }, body: bodies[i]! });

    // Start the ingest through the API (one upload, one job), then the searchers.
    const form = new FormData();
    for (const [name, text] of uploads) form.append('filer', new Blob([text], { type: 'application/json' }), name);
    const t0 = Date.now();
    let job = { id: '' };
    if (uploads.size) {
      const up = await fetch(`${base}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${ready.admin}` }, body: form });
      if (up.status !== 202) throw new Error(`uppladdningen svarade ${up.status}: ${await up.text()}`);
      job = (await up.json()) as { id: string };
    }
    let jobState = { status: 'vantar', done: 0, total: files.length, result: null as null | { passages: number; errors: unknown[] } };
    const poller = setInterval(async () => {
      if (!job.id) return;
      try {
        const r = await fetch(`${base}/api/jobs/${job.id}`, { headers: { authorization: `Bearer ${ready.admin}` } });
        jobState = (await r.json()) as typeof jobState;
      } catch {
        /* the next poll tells */
      }
    }, 500);

    process.stderr.write(`${connections} sökare i ${duration} s medan ${files.length} filer (${ingestPassages} textavsnitt) läses in …\n`);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let seq = 0;
    let clientSeq = 0;
    let finish: (r: autocannon.Result) => void = () => {};
    const done = new Promise<autocannon.Result>((ok) => (finish = ok));
    const instance = autocannon({
      url: base,
      connections,
      duration,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/api/search',
          setupRequest: (req) => ({ ...req, body: bodies[seq++ % bodies.length]! }),
        },
      ],
      headers: { 'content-type': 'application/json' },
      setupClient: (client) => {
        const token = ready.tokens[clientSeq++ % ready.tokens.length]!;
        client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
      },
    } as autocannon.Options, (err, res) => {
      if (err) throw err;
      finish(res);
    });
    const errorKinds = new Map<string, number>();
    instance.on('reqError', (err: NodeJS.ErrnoException) => {
      const k = err.code ?? err.message ?? 'okänt';
      errorKinds.set(k, (errorKinds.get(k) ?? 0) + 1);
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    const result = await done;
    clearInterval(poller);
    const elapsed = (Date.now() - t0) / 1000;
    if (job.id) {
      const r = await fetch(`${base}/api/jobs/${job.id}`, { headers: { authorization: `Bearer ${ready.admin}` } });
      jobState = (await r.json()) as typeof jobState;
    }

    const non2xx = [...statuses].filter(([st]) => st < 200 || st >= 300).reduce((a, [, n]) => a + n, 0);
    const errors = result.errors + result.timeouts + non2xx;
    const date = new Date().toISOString().slice(0, 10);
    const lines = [
      `## Load: ${connections} concurrent searchers during ingest (\`npm run -s bench:load\`, ${date})`,
      '',
      `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}. Server in its own process on loopback; autocannon, ${duration} s, ${connections} connections, each with its own session (per-token rate limit on); hybrid search with \`limit: 10\`, a third of the queries filtered. Base corpus ${ready.basePassages} passages; meanwhile ${files.length} files (${ingestPassages} passages) uploaded through \`POST /api/ingest\`.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| requests | ${latencies.length} (${(latencies.length / duration).toFixed(1)} per second) |`,
      `| errors (connection errors + timeouts + non-2xx) | ${errors} (${result.errors} + ${result.timeouts} + ${non2xx}) |`,
      ...(errorKinds.size ? [`| connection errors by kind | ${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join(', ')} |`] : []),
      `| status codes | ${[...statuses].sort((a, b) => a[0] - b[0]).map(([st, n]) => `${st}: ${n}`).join(', ')} |`,
      `| latency p50 | ${pct(latencies, 50).toFixed(0)} ms |`,
      `| latency p95 | ${pct(latencies, 95).toFixed(0)} ms |`,
      `| latency p99 | ${pct(latencies, 99).toFixed(0)} ms |`,
      `| latency max | ${Math.max(...latencies).toFixed(0)} ms |`,
      `| ingest during the test | ${jobState.done} of ${jobState.total} files after ${elapsed.toFixed(0)} s (${jobState.status}) |`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
    if (errors) process.exitCode = 1;
  } finally {
    child?.send('stop');
    await new Promise((ok) => (child && child.exitCode === null ? child.once('exit', ok) : ok(null)));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--server') {
  await runServer(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
} else {
  await main();
}

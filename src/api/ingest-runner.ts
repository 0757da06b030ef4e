// Where uploads are read in: in a child process (default; see ingest-worker.ts) or in the API's
// own process (`inline`, simpler, for small databases and tests of the core). The child is
// started at the first upload and kept for the next ones; jobs reach it one at a time. When the
// child dies in the middle of a file (out of memory on a hostile file that slipped past the
// checks, or killed), that file is reported by name and the rest of the upload is read in by a
// fresh child: files read before are unchanged and cost only their hash check.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { IngestReport } from '../ingest/ingest.js';
import type { Service } from '../service.js';

export type Progress = (done: number, total: number, file: string) => void;

export interface IngestRunner {
  run(paths: string[], actor: string, onProgress: Progress): Promise<IngestReport>;
  close(): void;
  /** The child process, while one runs (operations, tests). */
  readonly pid?: number;
}

/** Files one upload may end the worker on before the rest of it is given up. */
const MAX_CRASHES = 3;

class WorkerExit extends Error {
  constructor(
    readonly file: string | undefined,
    readonly how: string,
  ) {
    super(`inläsningsprocessen avslutades oväntat (${how})`);
  }
}

const crashMessage = (how: string) =>
  `filen kunde inte läsas: inläsningsprocessen avslutades medan den lästes (${how}), oftast för att filen kräver för mycket minne uppackad eller är skadad. Övriga filer i uppladdningen lästes in.`;

export function inlineRunner(service: Service): IngestRunner {
  return {
    run: (paths, actor, onProgress) => service.ingest(paths, { actor, onProgress }),
    close: () => {},
  };
}

type Counts = { done: number; total: number; file: string };
type Msg = { ready: true } | { id: string; progress: Counts } | { id: string; reading: Counts } | { id: string; report: IngestReport } | { id: string; error: string };
type Pending = { resolve: (r: IngestReport) => void; reject: (e: Error) => void; onProgress: Progress; reading?: string };

export function childRunner(service: Service): IngestRunner {
  let child: ChildProcess | null = null;
  let ready: Promise<void> | null = null;
  let seq = 0;
  const pending = new Map<string, Pending>();

  const start = () => {
    // Compiled (dist/, plain node) or from source (tsx): the worker runs the same way as this module.
    const fromSource = import.meta.url.endsWith('.ts');
    const c = fork(fileURLToPath(new URL(fromSource ? './ingest-worker.ts' : './ingest-worker.js', import.meta.url)), [service.dbPath], {
      // A memory ceiling: a hostile file that slips past the size checks ends the worker, not the machine.
      execArgv: [...(fromSource ? ['--import', 'tsx'] : []), '--max-old-space-size=1536'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    // Reading in is background work: searchers on the same two cores come first.
    if (c.pid) {
      try {
        setPriority(c.pid, 10);
      } catch {
        // Not permitted here; the child runs at normal priority.
      }
    }
    child = c;
    ready = new Promise<void>((ok, fail) => {
      c.once('error', fail);
      c.once('exit', (code) => fail(new Error(`inläsningsprocessen avslutades (${code ?? 'signal'})`)));
      c.on('message', (m: Msg) => {
        if ('ready' in m) return ok();
        const p = pending.get(m.id);
        if (!p) return;
        if ('reading' in m) {
          p.reading = m.reading.file;
          p.onProgress(m.reading.done, m.reading.total, m.reading.file);
        } else if ('progress' in m) p.onProgress(m.progress.done, m.progress.total, m.progress.file);
        else {
          pending.delete(m.id);
          if ('report' in m) p.resolve(m.report);
          else p.reject(new Error(m.error));
        }
      });
    });
    c.on('exit', (code, signal) => {
      if (child === c) child = null;
      const how = signal ? `signal ${signal}` : `kod ${code}`;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new WorkerExit(p.reading, how));
      }
    });
  };

  const runOnce = async (paths: string[], actor: string, skip: string[], onProgress: Progress): Promise<IngestReport> => {
    if (!child) start();
    await ready;
    const id = String(++seq);
    return new Promise<IngestReport>((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      child!.send({ id, paths, actor, skip });
    });
  };

  return {
    async run(paths, actor, onProgress) {
      const crashed: { file: string; message: string }[] = [];
      for (;;) {
        try {
          const report = await runOnce(
            paths,
            actor,
            crashed.map((e) => e.file),
            onProgress,
          );
          return { ...report, errors: [...crashed, ...report.errors] };
        } catch (e) {
          if (!(e instanceof WorkerExit) || !e.file || crashed.length + 1 >= MAX_CRASHES) throw e;
          crashed.push({ file: e.file, message: crashMessage(e.how) });
        }
      }
    },
    close() {
      child?.disconnect();
      child = null;
    },
    get pid() {
      return child?.pid;
    },
  };
}

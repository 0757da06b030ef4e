// Where uploads are read in: in a child process (default; see ingest-worker.ts) or in the API's
// own process (`inline`, simpler, for small databases and tests of the core). The child is
// started at the first upload and kept for the next ones; jobs reach it one at a time.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { IngestReport } from '../ingest/ingest.js';
import type { Service } from '../service.js';

export type Progress = (done: number, total: number, file: string) => void;

export interface IngestRunner {
  run(paths: string[], actor: string, onProgress: Progress): Promise<IngestReport>;
  close(): void;
}

export function inlineRunner(service: Service): IngestRunner {
  return {
    run: (paths, actor, onProgress) => service.ingest(paths, { actor, onProgress }),
    close: () => {},
  };
}

type Msg = { ready: true } | { id: string; progress: { done: number; total: number; file: string } } | { id: string; report: IngestReport } | { id: string; error: string };

export function childRunner(service: Service): IngestRunner {
  let child: ChildProcess | null = null;
  let ready: Promise<void> | null = null;
  let seq = 0;
  const pending = new Map<string, { resolve: (r: IngestReport) => void; reject: (e: Error) => void; onProgress: Progress }>();

  const start = () => {
    const c = fork(fileURLToPath(new URL('./ingest-worker.ts', import.meta.url)), [service.dbPath], {
      // A memory ceiling: a hostile file that slips past the size checks ends the worker, not the machine.
      execArgv: ['--import', 'tsx', '--max-old-space-size=1536'],
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
        if ('progress' in m) p.onProgress(m.progress.done, m.progress.total, m.progress.file);
        else {
          pending.delete(m.id);
          if ('report' in m) p.resolve(m.report);
          else p.reject(new Error(m.error));
        }
      });
    });
    c.on('exit', (code) => {
      if (child === c) child = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error(`inläsningsprocessen avslutades oväntat (${code ?? 'signal'})`));
      }
    });
  };

  return {
    async run(paths, actor, onProgress) {
      if (!child) start();
      await ready;
      const id = String(++seq);
      return new Promise<IngestReport>((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        child!.send({ id, paths, actor });
      });
    },
    close() {
      child?.disconnect();
      child = null;
    },
  };
}

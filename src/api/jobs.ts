// Long-running work (ingest of uploaded files, reclassification) as in-memory jobs, run one at a
// time in the order they were started, with progress the web UI polls. Jobs are forgotten an hour
// after they finish (and when the process stops).

export type JobKind = 'ingest' | 'reclassify' | 'train';
export type JobStatus = 'vantar' | 'pagar' | 'klar' | 'fel';

export interface Job {
  id: string;
  kind: JobKind;
  owner: string;
  status: JobStatus;
  done: number;
  total: number;
  /** What is being worked on (a file name), for the progress display. */
  current: string | null;
  startedAt: string;
  finishedAt: string | null;
  result: unknown;
  error: string | null;
}

const KEEP_MS = 60 * 60 * 1000;

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private tail: Promise<void> = Promise.resolve();
  private seq = 0;

  start(kind: JobKind, owner: string, work: (progress: (done: number, total: number, current?: string) => void) => Promise<unknown>): Job {
    this.sweep();
    const job: Job = {
      id: `${kind}-${Date.now().toString(36)}-${(++this.seq).toString(36)}`,
      kind, owner, status: 'vantar', done: 0, total: 0, current: null,
      startedAt: new Date().toISOString(), finishedAt: null, result: null, error: null,
    };
    this.jobs.set(job.id, job);
    this.tail = this.tail.then(async () => {
      job.status = 'pagar';
      try {
        job.result = await work((done, total, current) => {
          job.done = done;
          job.total = total;
          job.current = current ?? null;
        });
        job.status = 'klar';
      } catch (e) {
        job.status = 'fel';
        job.error = e instanceof Error ? e.message.slice(0, 500) : 'okänt fel';
      } finally {
        job.finishedAt = new Date().toISOString();
      }
    });
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when every job started so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }

  private sweep(): void {
    const cutoff = Date.now() - KEEP_MS;
    for (const [id, j] of this.jobs) if (j.finishedAt && Date.parse(j.finishedAt) < cutoff) this.jobs.delete(id);
  }
}

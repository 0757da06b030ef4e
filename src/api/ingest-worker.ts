// The ingest worker: a child process that reads uploaded files into the same database, so the
// embedding and the write transactions of a large upload never hold up the API's event loop.
// The API process sees the new notes through SQLite (the catalog follows data_version, the vector
// index follows vector_log). Started by IngestRunner; exits when its parent goes away.
import { Service } from '../service.js';

interface Job {
  id: string;
  paths: string[];
  actor: string;
  /** Files that ended an earlier worker: left out, the runner reports them. */
  skip: string[];
}

const dbPath = process.argv[2];
// With a callback, a send that races the parent's exit (EPIPE) is reported to it instead of being
// thrown as an unhandled 'error' event; the 'disconnect' handler below then ends the worker.
const send = (m: unknown) => {
  if (process.connected) process.send!(m, undefined, {}, () => {});
};
let service: Promise<Service> | undefined;

process.on('message', async (m: Job) => {
  try {
    service ??= Service.open({ db: dbPath });
    const s = await service;
    let last = 0;
    const report = await s.ingest(m.paths, {
      actor: m.actor,
      skip: new Set(m.skip),
      // Unthrottled: if this process dies, the runner must know which file it was reading.
      onFileStart: (done, total, file) => send({ id: m.id, reading: { done, total, file } }),
      onProgress: (done, total, file) => {
        const now = Date.now();
        if (done === total || now - last > 100) {
          last = now;
          send({ id: m.id, progress: { done, total, file } });
        }
      },
    });
    send({ id: m.id, report });
  } catch (e) {
    send({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
process.on('disconnect', () => {
  void service?.then((s) => s.close()).finally(() => process.exit(0));
  if (!service) process.exit(0);
});
send({ ready: true });

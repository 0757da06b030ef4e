// Ingesting files and folders: read → validate → prepare → (enrich) → write, one file per
// transaction. A rejected file is reported and leaves nothing behind; the others still land.
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { checkpoint, type Db } from '../store/db.js';
import { writeBundles, type Deriver } from '../store/write-notes.js';
import { auditLog } from '../store/schema.js';
import { IngestError } from './errors.js';
import { knownPeople, redactionKey } from '../privacy/people-store.js';
import type { Bundle } from './bundle-schema.js';
import { bundlePeople, prepareBundle, type PreparedBundle } from './prepare.js';
import { isSideFile, readSource, SUPPORTED_EXTENSIONS } from './read-source.js';

export interface IngestOptions {
  derivers?: Deriver[];
  /** Async work on prepared notes before the write transaction (e.g. embedding). */
  enrich?: (db: Db, bundles: PreparedBundle[]) => Promise<void>;
  /** Called after each file's transaction committed. */
  afterWrite?: (db: Db, removedApproved: string[], newPeopleFor: string[]) => void;
  onProgress?: (done: number, total: number, file: string) => void;
  /** Called before each file is read (done: the files before it). */
  onFileStart?: (done: number, total: number, file: string) => void;
  /** Files to leave out (e.g. one that ended a worker process); the caller reports them. */
  skip?: ReadonlySet<string>;
  actor?: string;
}

export interface IngestReport {
  imported: number;
  notes: { godkand: number; utkast: number; aterkallad: number };
  passages: number;
  changed: number;
  unchanged: number;
  errors: { file: string; message: string }[];
}

/** Expands folders (recursively, sorted) into importable files; side files are skipped. */
export async function listImportFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        const full = join(p, e.name);
        if (e.isDirectory()) out.push(...(await listImportFiles([full])));
        else if ((SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(e.name).toLowerCase()) && !isSideFile(e.name)) out.push(full);
      }
    } else {
      out.push(p); // readSource reports missing or unsupported files
    }
  }
  return out;
}

/**
 * Prepares the bundles of one file. Each huvudman's people are those of earlier imports plus
 * everyone this file names for it, so a name listed in one note is redacted in all of them.
 */
export function prepareFile(db: Db, bundles: Bundle[]): PreparedBundle[] {
  const key = redactionKey(db);
  const people = new Map<string, ReturnType<typeof knownPeople>>();
  for (const b of bundles) {
    const id = b.huvudman.id;
    people.set(id, (people.get(id) ?? knownPeople(db, id, key)).withParticipants(bundlePeople(b)));
  }
  return bundles.map((b) => prepareBundle(b, { people: people.get(b.huvudman.id)!, key }));
}

export async function ingestPaths(db: Db, paths: string[], opts: IngestOptions = {}): Promise<IngestReport> {
  const files = await listImportFiles(paths);
  const report: IngestReport = { imported: 0, notes: { godkand: 0, utkast: 0, aterkallad: 0 }, passages: 0, changed: 0, unchanged: 0, errors: [] };
  let removedAny = false;
  for (const [i, file] of files.entries()) {
    if (opts.skip?.has(file)) continue;
    opts.onFileStart?.(i, files.length, file);
    try {
      const bundles = prepareFile(db, await readSource(file));
      await opts.enrich?.(db, bundles);
      const res = writeBundles(db, bundles, file, opts.derivers);
      report.imported++;
      for (const k of ['godkand', 'utkast', 'aterkallad'] as const) report.notes[k] += res.notes[k];
      report.passages += res.passages;
      report.changed += res.changed;
      report.unchanged += res.unchanged;
      if (res.removedApproved.length) removedAny = true;
      opts.afterWrite?.(db, res.removedApproved, res.newPeopleFor);
    } catch (e) {
      if (e instanceof IngestError) report.errors.push({ file: e.file, message: e.message });
      else report.errors.push({ file, message: `oväntat fel: ${(e as Error).message}` });
    }
    opts.onProgress?.(i + 1, files.length, file);
  }
  db.insert(auditLog)
    .values({
      actor: opts.actor ?? 'cli',
      action: 'ingest',
      detail: { files: files.length, rejected: report.errors.length, changed: report.changed },
      resultCount: report.imported,
    })
    .run();
  // Withdrawn text must be gone from the file on disk, not only from the WAL.
  if (removedAny) checkpoint(db);
  return report;
}

// Rescanning what is stored when the redaction rules change. Stored note text was redacted under
// the rules of its import; newer rules may find more. The note's passages keep their ids, order and
// labels: each redaction's offsets map the old passage bounds onto the new text. Everything derived
// from the changed text follows: the FTS rows, the embeddings (re-embedded by the caller), label
// evidence, and the audit log's recorded queries. Old text must then be gone from the files:
// SQLite's secure_delete overwrites freed cells, VACUUM rewrites the file from live rows only, and
// the WAL is checkpointed and truncated (the caller rebuilds the vector index file from scratch).
import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { auditLog, label, note, passage } from '../store/schema.js';
import { reindexPassage } from '../search/lexical-index.js';
import { redact, redactionVersion, type Redaction } from '../text/redact.js';
import { auditActor, redactLogDetail } from './log-redaction.js';
import { getSetting, knownPeople, redactionKey, setSetting } from './people-store.js';

export interface RescanReport {
  notes: number;
  changedNotes: number;
  changedPassages: number;
  evidenceRewritten: number;
  auditRowsRewritten: number;
  /** Passage nums whose text changed: their embeddings must be recomputed. */
  changedPassageNums: number[];
  version: number;
}

/** Maps an offset in the original text to the redacted text. */
function offsetMapper(redactions: readonly Redaction[]): (x: number, side: 'start' | 'end') => number {
  return (x, side) => {
    let delta = 0;
    for (const r of redactions) {
      if (r.end <= x) {
        delta += r.replacement.length - (r.end - r.start);
        continue;
      }
      // Inside a redaction: a start goes to the placeholder's start, an end to its end.
      if (r.start < x) return side === 'start' ? r.start + delta : r.start + delta + r.replacement.length;
      break;
    }
    return x + delta;
  };
}

/** The redaction version the stored text was last scanned with (null: never recorded). */
export function storedRedactionVersion(db: Db): number | null {
  const v = getSetting(db, 'redaction_version');
  return v === undefined ? null : Number(v);
}

/** Whether stored text predates the current rules. A database without notes is simply marked current. */
export function rescanDue(db: Db): boolean {
  if (storedRedactionVersion(db) === redactionVersion()) return false;
  const anyText = db.$client.prepare(`SELECT 1 FROM note WHERE text IS NOT NULL LIMIT 1`).get();
  if (!anyText) {
    setSetting(db, 'redaction_version', String(redactionVersion()));
    return false;
  }
  return true;
}

/**
 * Re-redacts every stored note, its passages, evidence and the audit log (one transaction). With
 * `huvudmanIds`, only those huvudmän's notes (after new people became known for them); the audit
 * log and the recorded version are then left alone.
 */
export function rescanStoredText(db: Db, opts: { huvudmanIds?: readonly string[] } = {}): RescanReport {
  const only = opts.huvudmanIds ? new Set(opts.huvudmanIds) : null;
  const key = redactionKey(db);
  const report: RescanReport = { notes: 0, changedNotes: 0, changedPassages: 0, evidenceRewritten: 0, auditRowsRewritten: 0, changedPassageNums: [], version: redactionVersion() };
  const notes = db.select({ id: note.id, huvudmanId: note.huvudmanId, text: note.text }).from(note).all();
  const people = new Map<string, ReturnType<typeof knownPeople>>();
  const c = db.$client;
  const updatePassage = c.prepare(`UPDATE passage SET text = ?, start = ?, "end" = ? WHERE num = ?`);
  // better-sqlite3 runs the transaction on the one connection, so `db` is used inside it.
  db.transaction(() => {
    const t = db;
    for (const n of notes) {
      if (n.text === null || (only && !only.has(n.huvudmanId))) continue;
      report.notes++;
      const dir = people.get(n.huvudmanId) ?? knownPeople(db, n.huvudmanId, key);
      people.set(n.huvudmanId, dir);
      const out = redact(n.text, { people: dir });
      if (out.redactions.length === 0 || out.text === n.text) continue;
      report.changedNotes++;
      const map = offsetMapper(out.redactions);
      t.update(note).set({ text: out.text }).where(eq(note.id, n.id)).run();
      for (const p of t.select().from(passage).where(eq(passage.noteId, n.id)).all()) {
        const start = map(p.start, 'start');
        const end = map(p.end, 'end');
        const text = out.text.slice(start, end);
        if (text === p.text) continue;
        updatePassage.run(text, start, end, p.num);
        reindexPassage(db, p.num, text);
        report.changedPassages++;
        report.changedPassageNums.push(p.num);
      }
      for (const l of t.select({ id: label.id, evidence: label.evidence }).from(label).where(eq(label.noteId, n.id)).all()) {
        if (!l.evidence?.length) continue;
        const evidence = l.evidence.map((e) => redact(e, { people: dir }).text);
        if (evidence.every((e, i) => e === l.evidence![i])) continue;
        t.update(label).set({ evidence }).where(eq(label.id, l.id)).run();
        report.evidenceRewritten++;
      }
    }
    if (only) return;
    for (const row of t.select({ id: auditLog.id, actor: auditLog.actor, action: auditLog.action, detail: auditLog.detail }).from(auditLog).all()) {
      const detail = row.detail ? redactLogDetail(row.detail) : row.detail;
      const actor = auditActor(row.action, row.actor);
      if (JSON.stringify(detail) === JSON.stringify(row.detail) && actor === row.actor) continue;
      t.update(auditLog).set({ detail, actor }).where(eq(auditLog.id, row.id)).run();
      report.auditRowsRewritten++;
    }
    setSetting(t, 'redaction_version', String(report.version));
  });
  return report;
}

/** Leaves no freed page with old text in the database file or its WAL. */
export function compactDatabase(db: Db): void {
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.exec('VACUUM');
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
}

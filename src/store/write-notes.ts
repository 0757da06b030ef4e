// Writing prepared bundles: one file is one transaction. Also the one place that removes a note's
// text and everything derived from it when it is withdrawn or replaced.
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { PreparedBundle, PreparedNote } from '../ingest/prepare.js';
import { storeKnownPeople } from '../privacy/people-store.js';
import { IngestError } from '../ingest/errors.js';
import type { Db } from './db.js';
import { dialog, huvudman, label, note, passage } from './schema.js';

/**
 * Derived data kept beside the passages (lexical index, embeddings, predicted labels). Each
 * deriver writes inside the same transaction, so a note is never half-indexed.
 */
export interface Deriver {
  /** An approved note was (re)written with these passages. */
  onApproved(db: Db, note: PreparedNote): void;
  /** A note's passages are about to be deleted. */
  onRemoved(db: Db, noteId: string, passageIds: string[]): void;
}

export interface WriteResult {
  notes: { godkand: number; utkast: number; aterkallad: number };
  passages: number;
  changed: number;
  unchanged: number;
  /** Notes whose approved text disappeared (withdrawn or turned back into a draft). */
  removedApproved: string[];
  /** Huvudmän with newly known people: their earlier notes are rescanned for those names. */
  newPeopleFor: string[];
}

export function writeBundles(db: Db, bundles: PreparedBundle[], sourceFile: string, derivers: Deriver[] = []): WriteResult {
  const result: WriteResult = { notes: { godkand: 0, utkast: 0, aterkallad: 0 }, passages: 0, changed: 0, unchanged: 0, removedApproved: [], newPeopleFor: [] };
  const now = new Date().toISOString();
  // better-sqlite3 runs the transaction on the one connection, so the derivers may use `db`
  // (and its raw client) inside it; an exception rolls everything back.
  db.transaction(() => {
    const t = db;
    for (const b of bundles) {
      const hm = b.huvudman;
      const hmRow = {
        namn: hm.namn,
        orgnr: hm.orgnr ?? null,
        typ: hm.typ,
        juridiskForm: hm.juridisk_form ?? null,
        antalBarnElever: hm.antal_barn_elever ?? null,
        skolformer: hm.skolformer,
        region: hm.region,
        kommun: hm.kommun ?? null,
        updatedAt: now,
      };
      const existingHm = t.select().from(huvudman).where(eq(huvudman.id, hm.id)).get();
      if (!existingHm) t.insert(huvudman).values({ id: hm.id, ...hmRow }).run();
      else if (!sameHuvudman(existingHm, hmRow)) t.update(huvudman).set(hmRow).where(eq(huvudman.id, hm.id)).run();
      if (storeKnownPeople(t, hm.id, b.knownNameParts) > 0) result.newPeopleFor.push(hm.id);
      t.insert(dialog).values({ id: b.dialog.id, huvudmanId: hm.id, cykel: b.dialog.cykel, omgang: b.dialog.omgang }).onConflictDoNothing().run();

      for (const n of b.notes) {
        result.notes[n.status]++;
        result.passages += n.approved?.passages.length ?? 0;
        const existing = t.select({ hash: note.contentHash, status: note.status, huvudmanId: note.huvudmanId }).from(note).where(eq(note.id, n.id)).get();
        // An id is the sender's: the same id under another huvudman is a mistake, never a move.
        if (existing && existing.huvudmanId !== n.huvudmanId) {
          throw new IngestError(sourceFile, `anteckningen "${n.id}" finns redan hos huvudmannen ${existing.huvudmanId} och kan inte läsas in för ${n.huvudmanId}; välj ett annat id`);
        }
        if (existing?.hash === n.contentHash) {
          result.unchanged++;
          continue;
        }
        result.changed++;
        if (existing) {
          removeNoteText(t, n.id, derivers, { keepPeopleReviews: n.status === 'godkand' });
          if (existing.status === 'godkand' && n.status !== 'godkand') result.removedApproved.push(n.id);
        }
        const row = {
          dialogId: n.dialogId,
          huvudmanId: n.huvudmanId,
          typ: n.typ,
          datum: n.datum,
          status: n.status,
          deltagareRoller: n.roles,
          text: n.approved?.text ?? null,
          contentHash: n.contentHash,
          sourceFile,
          importedAt: now,
        };
        if (existing) t.update(note).set(row).where(eq(note.id, n.id)).run();
        else t.insert(note).values({ id: n.id, ...row }).run();
        if (!n.approved) continue;
        if (n.approved.passages.length) {
          t.insert(passage)
            .values(n.approved.passages.map((p) => ({ id: p.id, noteId: n.id, ord: p.ord, paragraph: p.paragraph, start: p.start, end: p.end, text: p.text })))
            .run();
        }
        for (const labelId of n.approved.reviewedLabels) {
          t.insert(label)
            .values({ targetKind: 'note', targetId: n.id, noteId: n.id, labelId, source: 'reviewed', positive: true, reviewer: 'import', createdAt: now })
            .onConflictDoUpdate({
              target: [label.targetKind, label.targetId, label.labelId, label.source],
              set: { positive: true, reviewer: 'import', createdAt: now },
            })
            .run();
        }
        for (const d of derivers) d.onApproved(t, n);
      }
    }
  });
  return result;
}

function sameHuvudman(a: typeof huvudman.$inferSelect, b: Omit<typeof huvudman.$inferInsert, 'id'>): boolean {
  return (Object.keys(b) as (keyof typeof b)[]).every((k) => k === 'updatedAt' || JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * Deletes a note's text, passages and everything derived from them. Reviews that people made on
 * the note as a whole survive a re-import of an approved note; nothing survives withdrawal.
 */
export function removeNoteText(db: Db, noteId: string, derivers: Deriver[], opts: { keepPeopleReviews: boolean }): void {
  const passageIds = db.select({ id: passage.id }).from(passage).where(eq(passage.noteId, noteId)).all().map((p) => p.id);
  for (const d of derivers) d.onRemoved(db, noteId, passageIds);
  if (opts.keepPeopleReviews) {
    db.delete(label).where(and(eq(label.noteId, noteId), ne(label.targetKind, 'note'))).run();
    db.delete(label).where(and(eq(label.noteId, noteId), eq(label.source, 'predicted'))).run();
    db.delete(label).where(and(eq(label.noteId, noteId), eq(label.reviewer, 'import'))).run();
  } else {
    db.delete(label).where(eq(label.noteId, noteId)).run();
  }
  if (passageIds.length) db.delete(passage).where(inArray(passage.id, passageIds)).run();
  db.update(note).set({ text: null }).where(eq(note.id, noteId)).run();
}

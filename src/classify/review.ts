// The review loop's write side: a person adds, removes (rejects) or confirms a label on a passage or
// a note. Reviewed labels are stored with who and when, always win over predictions when labels are
// read, and are never touched by re-classification (which only replaces `predicted` rows).
import { and, eq } from 'drizzle-orm';
import { loadCodebook, type Codebook } from '../codebook/index.js';
import type { Db } from '../store/db.js';
import { auditLog, label, note, passage } from '../store/schema.js';

/** add/confirm: the label holds; remove: it does not; undo: forget this person-level decision. */
export type ReviewAction = 'add' | 'remove' | 'confirm' | 'undo';

export interface ReviewInput {
  /** A passage id ("hm-0007-n1:p2") or a note id ("hm-0007-n1"). */
  targetId: string;
  labelId: string;
  action: ReviewAction;
  /** Who reviewed; default "okänd". */
  by?: string;
  at?: Date;
}

export interface ReviewResult {
  targetKind: 'note' | 'passage';
  targetId: string;
  noteId: string;
  labelId: string;
  /** The stored reviewed value: true for add/confirm, false for remove, null after undo. */
  positive: boolean | null;
  reviewer: string;
  createdAt: string;
  /** The prediction the review agrees with or overrides (null: no prediction stored). */
  predicted: { positive: boolean; score: number | null } | null;
}

export class ReviewError extends Error {
  override name = 'ReviewError';
}

export interface ReviewTarget {
  kind: 'note' | 'passage';
  id: string;
  noteId: string;
}

/** A passage of an approved note, or an approved note; anything else is an error. */
export function resolveTarget(db: Db, targetId: string): ReviewTarget {
  const p = db.select({ noteId: passage.noteId }).from(passage).where(eq(passage.id, targetId)).get();
  if (p) return { kind: 'passage', id: targetId, noteId: p.noteId };
  const n = db.select({ status: note.status, text: note.text }).from(note).where(eq(note.id, targetId)).get();
  if (!n) throw new ReviewError(`okänt textavsnitt eller anteckning: ${targetId}`);
  if (n.status !== 'godkand' || n.text === null) throw new ReviewError(`anteckningen ${targetId} är inte godkänd och kan inte granskas`);
  return { kind: 'note', id: targetId, noteId: targetId };
}

/** Writes a review; `audit: false` when the caller logs the request itself (the API does). */
export function reviewLabel(db: Db, input: ReviewInput, codebook: Codebook = loadCodebook(), opts: { audit?: boolean } = {}): ReviewResult {
  if (!codebook.byId.has(input.labelId)) throw new ReviewError(`okänd etikett: ${input.labelId} (finns inte i kodboken)`);
  const target = resolveTarget(db, input.targetId);
  const positive = input.action === 'undo' ? null : input.action !== 'remove';
  const reviewer = input.by?.trim() || 'okänd';
  const createdAt = (input.at ?? new Date()).toISOString();
  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const pred = t
      .select({ positive: label.positive, score: label.score })
      .from(label)
      .where(and(eq(label.targetKind, target.kind), eq(label.targetId, target.id), eq(label.labelId, input.labelId), eq(label.source, 'predicted')))
      .get();
    if (positive === null) {
      t.delete(label)
        .where(and(eq(label.targetKind, target.kind), eq(label.targetId, target.id), eq(label.labelId, input.labelId), eq(label.source, 'reviewed')))
        .run();
    } else {
      t.insert(label)
        .values({ targetKind: target.kind, targetId: target.id, noteId: target.noteId, labelId: input.labelId, source: 'reviewed', positive, reviewer, createdAt })
        .onConflictDoUpdate({ target: [label.targetKind, label.targetId, label.labelId, label.source], set: { positive, reviewer, createdAt } })
        .run();
    }
    if (opts.audit !== false)
      t.insert(auditLog)
        .values({ actor: reviewer, action: `review:${input.action}`, detail: { targetKind: target.kind, targetId: target.id, labelId: input.labelId }, resultCount: 1 })
        .run();
    return {
      targetKind: target.kind,
      targetId: target.id,
      noteId: target.noteId,
      labelId: input.labelId,
      positive,
      reviewer,
      createdAt,
      predicted: pred ? { positive: pred.positive, score: pred.score } : null,
    };
  });
}

export interface EffectiveLabel {
  labelId: string;
  positive: boolean;
  source: 'reviewed' | 'predicted';
  score: number | null;
  evidence: string[];
  reviewer: string | null;
  createdAt: string;
}

/**
 * The labels of a passage or note as users should see them: a reviewed label wins over the
 * prediction for the same label; every label with a row appears once.
 */
export function effectiveLabels(db: Db, targetId: string): EffectiveLabel[] {
  const target = resolveTarget(db, targetId);
  const rows = db
    .select()
    .from(label)
    .where(and(eq(label.targetKind, target.kind), eq(label.targetId, target.id)))
    .all();
  const byLabel = new Map<string, EffectiveLabel>();
  for (const r of rows) {
    const cur = byLabel.get(r.labelId);
    if (cur && cur.source === 'reviewed') continue;
    if (cur && r.source === 'predicted') continue;
    byLabel.set(r.labelId, {
      labelId: r.labelId,
      positive: r.positive,
      source: r.source,
      score: r.score,
      evidence: r.evidence ?? [],
      reviewer: r.reviewer,
      createdAt: r.createdAt,
    });
  }
  return [...byLabel.values()].sort((a, b) => a.labelId.localeCompare(b.labelId));
}

// Reading what the analytics count from the store. The one place with SQL for the counting
// reports; every query joins the note and keeps status 'godkand' only, so drafts and withdrawn
// notes cannot reach a figure, a quote or an example.
import { huvudmanSektor } from '../ingest/vocabulary.js';
import { MIN_STORED_SCORE } from '../classify/predictions-store.js';
import type { Db } from '../store/db.js';
import type { DialogueInfo, HuvudmanInfo, LabelRow, NoteInfo, PassageInfo, RawData } from './types.js';

export function loadHuvudman(db: Db): Map<string, HuvudmanInfo> {
  const rows = db.$client
    .prepare(`SELECT id, namn, typ, antal_barn_elever AS size, skolformer, region, kommun FROM huvudman`)
    .all() as { id: string; namn: string; typ: string; size: number | null; skolformer: string; region: string; kommun: string | null }[];
  const out = new Map<string, HuvudmanInfo>();
  for (const r of rows) out.set(r.id, { ...r, sektor: huvudmanSektor(r.typ), skolformer: JSON.parse(r.skolformer) as string[] });
  return out;
}

/** Huvudmän, dialogues with at least one approved note, approved notes, their passages and labels. */
export function loadRaw(db: Db): RawData {
  const c = db.$client;
  const huvudman = loadHuvudman(db);
  const dialogues = new Map<string, DialogueInfo>();
  for (const d of c
    .prepare(
      // From the approved notes (note.dialog_id has no index; a correlated EXISTS would scan).
      `SELECT DISTINCT d.id, d.huvudman_id AS huvudmanId, d.cykel, d.omgang FROM note n JOIN dialog d ON d.id = n.dialog_id
        WHERE n.status = 'godkand'`,
    )
    .all() as DialogueInfo[])
    dialogues.set(d.id, d);

  const notes = new Map<string, NoteInfo>();
  for (const n of c
    .prepare(
      `SELECT n.id, n.dialog_id AS dialogId, n.huvudman_id AS huvudmanId, n.typ, n.datum,
              EXISTS (SELECT 1 FROM label l WHERE l.note_id = n.id AND l.target_kind = 'passage' AND l.source = 'predicted') AS hasPred
         FROM note n WHERE n.status = 'godkand'`,
    )
    .all() as (Omit<NoteInfo, 'passageIds' | 'hasPassagePredictions'> & { hasPred: number })[]) {
    const { hasPred, ...rest } = n;
    notes.set(n.id, { ...rest, passageIds: [], hasPassagePredictions: hasPred === 1 });
  }

  const passages = new Map<string, PassageInfo>();
  const pRows = c
    .prepare(`SELECT p.num, p.id, p.note_id FROM passage p JOIN note n ON n.id = p.note_id WHERE n.status = 'godkand' ORDER BY p.note_id, p.ord`)
    .raw()
    .iterate() as IterableIterator<[number, string, string]>;
  for (const [num, id, noteId] of pRows) {
    passages.set(id, { num, id, noteId });
    notes.get(noteId)?.passageIds.push(id);
  }

  // Predicted negatives too, with their scores: evidence for the note- and dialogue-level
  // decisions (unit-decision.ts), which read a score below MIN_STORED_SCORE as 0; such rows (a
  // classifier that stores every score writes them) are left in SQLite.
  const labels = new Map<string, LabelRow[]>();
  const lRows = c
    .prepare(
      `SELECT l.target_kind, l.target_id, l.note_id, l.label_id, l.source, l.positive, l.score
         FROM label l JOIN note n ON n.id = l.note_id
        WHERE n.status = 'godkand' AND (l.positive = 1 OR l.source = 'reviewed' OR l.target_kind = 'note' OR l.score >= ${MIN_STORED_SCORE})`,
    )
    .raw()
    .iterate() as IterableIterator<['note' | 'passage', string, string, string, 'reviewed' | 'predicted', number, number | null]>;
  for (const [kind, targetId, noteId, labelId, source, positive, score] of lRows) {
    const row: LabelRow = { kind, targetId, noteId, labelId, source, positive: positive === 1, score };
    const list = labels.get(noteId);
    if (list) list.push(row);
    else labels.set(noteId, [row]);
  }
  return { huvudman, dialogues, notes, passages, labels };
}

/**
 * Highest predicted score of any label for each of the given passages (how well the codebook fits
 * it); passages without predictions are absent. One index lookup per passage.
 */
export function loadMaxPredictedScores(db: Db, passageIds: Iterable<string>): Map<string, number> {
  const stmt = db.$client
    .prepare(`SELECT max(score) FROM label WHERE target_kind = 'passage' AND target_id = ? AND source = 'predicted'`)
    .pluck();
  const out = new Map<string, number>();
  for (const id of passageIds) {
    const m = stmt.get(id) as number | null;
    if (m !== null) out.set(id, m);
  }
  return out;
}

export interface PassageText {
  num: number;
  id: string;
  noteId: string;
  huvudmanId: string;
  text: string;
  noteTyp: string;
  datum: string;
  cykel: number;
  omgang: number;
  region: string;
  huvudmanTyp: string;
}

const PASSAGE_TEXT_COLUMNS = `p.num, p.id, p.note_id AS noteId, n.huvudman_id AS huvudmanId, p.text, n.typ AS noteTyp, n.datum,
            d.cykel, d.omgang, h.region, h.typ AS huvudmanTyp`;
// CROSS JOIN fixes the join order: by passage id first (SQLite would otherwise start from the
// status index and walk every approved note), or by huvudman first.
const BY_PASSAGE = `SELECT ${PASSAGE_TEXT_COLUMNS}
       FROM passage p CROSS JOIN note n ON n.id = p.note_id CROSS JOIN dialog d ON d.id = n.dialog_id CROSS JOIN huvudman h ON h.id = n.huvudman_id
      WHERE n.status = 'godkand'`;
const BY_HUVUDMAN = `SELECT ${PASSAGE_TEXT_COLUMNS}
       FROM note n CROSS JOIN passage p ON p.note_id = n.id CROSS JOIN dialog d ON d.id = n.dialog_id CROSS JOIN huvudman h ON h.id = n.huvudman_id
      WHERE +n.status = 'godkand'`; // "+": look notes up by huvudman, not by status

/** Texts of approved passages by id (in chunks, so any number of ids works). */
export function loadPassageTexts(db: Db, ids: Iterable<string>): Map<string, PassageText> {
  const all = [...new Set(ids)];
  const out = new Map<string, PassageText>();
  const CHUNK = 500;
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    const rows = db.$client
      .prepare(
        `${BY_PASSAGE} AND p.id IN (${chunk.map(() => '?').join(',')})`,
      )
      .all(...chunk) as PassageText[];
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** Texts of every approved passage of some huvudmän. */
export function loadPassagesOfHuvudman(db: Db, huvudmanIds: string[]): PassageText[] {
  const out: PassageText[] = [];
  const stmt = db.$client.prepare(
    `${BY_HUVUDMAN} AND n.huvudman_id = ? ORDER BY n.datum, p.note_id, p.ord`,
  );
  for (const id of huvudmanIds) out.push(...(stmt.all(id) as PassageText[]));
  return out;
}

/** Stored embeddings of passages, of one model (the most common one unless given). */
export function loadEmbeddings(db: Db, nums: number[], modelId?: string): { modelId: string | null; vectors: Map<number, Buffer> } {
  const model =
    modelId ??
    ((db.$client.prepare(`SELECT model_id FROM embedding GROUP BY model_id ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string | undefined) ?? null);
  const vectors = new Map<number, Buffer>();
  if (!model) return { modelId: null, vectors };
  const CHUNK = 500;
  for (let i = 0; i < nums.length; i += CHUNK) {
    const chunk = nums.slice(i, i + CHUNK);
    const rows = db.$client
      .prepare(`SELECT passage_num, vector FROM embedding WHERE model_id = ? AND passage_num IN (${chunk.map(() => '?').join(',')})`)
      .raw()
      .all(model, ...chunk) as [number, Buffer][];
    for (const [num, v] of rows) vectors.set(num, v);
  }
  return { modelId: model, vectors };
}

/** Index terms of passages as the lexical index stored them (passages it lacks are absent). */
export function loadIndexTerms(db: Db, nums: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const CHUNK = 500;
  for (let i = 0; i < nums.length; i += CHUNK) {
    const chunk = nums.slice(i, i + CHUNK);
    const rows = db.$client
      .prepare(`SELECT rowid, terms FROM passage_fts WHERE rowid IN (${chunk.map(() => '?').join(',')})`)
      .raw()
      .all(...chunk) as [number, string][];
    for (const [num, terms] of rows) out.set(num, terms ? terms.split(' ') : []);
  }
  return out;
}

/**
 * A few approved notes with their passages and label rows, for deciding their labels without
 * reading the whole store (quotes for a query, evidence for search hits).
 */
export function loadNotesWithLabels(db: Db, noteIds: Iterable<string>): { notes: Map<string, NoteInfo>; labels: Map<string, LabelRow[]> } {
  const c = db.$client;
  const noteStmt = c.prepare(
    `SELECT n.id, n.dialog_id AS dialogId, n.huvudman_id AS huvudmanId, n.typ, n.datum,
            EXISTS (SELECT 1 FROM label l WHERE l.note_id = n.id AND l.target_kind = 'passage' AND l.source = 'predicted') AS hasPred
       FROM note n WHERE n.id = ? AND n.status = 'godkand'`,
  );
  const passStmt = c.prepare(`SELECT id FROM passage WHERE note_id = ? ORDER BY ord`).pluck();
  const labelStmt = c
    .prepare(
      `SELECT target_kind, target_id, note_id, label_id, source, positive, score FROM label
        WHERE note_id = ? AND (positive = 1 OR source = 'reviewed' OR target_kind = 'note')`,
    )
    .raw();
  const notes = new Map<string, NoteInfo>();
  const labels = new Map<string, LabelRow[]>();
  for (const id of new Set(noteIds)) {
    const n = noteStmt.get(id) as (Omit<NoteInfo, 'passageIds' | 'hasPassagePredictions'> & { hasPred: number }) | undefined;
    if (!n) continue;
    const { hasPred, ...rest } = n;
    notes.set(id, { ...rest, passageIds: passStmt.all(id) as string[], hasPassagePredictions: hasPred === 1 });
    labels.set(
      id,
      (labelStmt.all(id) as ['note' | 'passage', string, string, string, 'reviewed' | 'predicted', number, number | null][]).map(
        ([kind, targetId, noteId, labelId, source, positive, score]) => ({ kind, targetId, noteId, labelId, source, positive: positive === 1, score }),
      ),
    );
  }
  return { notes, labels };
}

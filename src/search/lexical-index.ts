// The lexical retriever: BM25 (SQLite FTS5's bm25()) over the Swedish analysis of each passage —
// stems and compound parts — so "elevhälsoarbetet" is found by "elevhälsa". Index rows go with
// their passage (trigger in the migration).
import type { PreparedNote } from '../ingest/prepare.js';
import { analyze } from '../text/analyze.js';
import type { Db } from '../store/db.js';
import type { Deriver } from '../store/write-notes.js';
import type { QueryTerms } from './query-terms.js';

export function passageTerms(text: string): string {
  return analyze(text).join(' ');
}

export const lexicalDeriver: Deriver = {
  onApproved(db: Db, note: PreparedNote) {
    const insert = db.$client.prepare(`INSERT INTO passage_fts(rowid, terms) SELECT num, ? FROM passage WHERE id = ?`);
    for (const p of note.approved?.passages ?? []) insert.run(passageTerms(p.text), p.id);
  },
  onRemoved() {
    // passage_fts rows are deleted by the trigger on passage.
  },
};

/** Rebuilds the lexical index from the stored passages (after a change to the analysis). */
export function rebuildLexicalIndex(db: Db): number {
  const rows = db.$client.prepare(`SELECT num, text FROM passage`).all() as { num: number; text: string }[];
  db.$client.transaction(() => {
    db.$client.exec(`DELETE FROM passage_fts`);
    const insert = db.$client.prepare(`INSERT INTO passage_fts(rowid, terms) VALUES (?, ?)`);
    for (const r of rows) insert.run(r.num, passageTerms(r.text));
  })();
  return rows.length;
}

export interface LexicalHit {
  num: number;
  /** BM25 score, higher is better. */
  score: number;
}

function ftsQuery(q: QueryTerms): string | null {
  const all = [...q.terms, ...q.expansions].filter((t) => /^[\p{L}\p{N}]+$/u.test(t));
  return all.length ? all.map((t) => `"${t}"`).join(' OR ') : null;
}

/** Top passages by BM25; `accept` filters, fetching deeper until enough pass or none are left. */
export function lexicalSearch(db: Db, q: QueryTerms, k: number, accept?: (num: number) => boolean): LexicalHit[] {
  const match = ftsQuery(q);
  if (!match) return [];
  const stmt = db.$client.prepare(`SELECT rowid AS num, -bm25(passage_fts) AS score FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?`);
  const out: LexicalHit[] = [];
  let offset = 0;
  let page = accept ? Math.max(200, k * 4) : k;
  for (;;) {
    const rows = stmt.all(match, page, offset) as LexicalHit[];
    for (const r of rows) if (!accept || accept(r.num)) out.push(r);
    if (out.length >= k || rows.length < page) break;
    offset += page;
    page *= 4;
  }
  return out.slice(0, k);
}

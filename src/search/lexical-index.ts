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

/** Replaces one passage's lexical-index row (after its text changed in place, e.g. a rescan). */
export function reindexPassage(db: Db, num: number, text: string): void {
  db.$client.prepare(`DELETE FROM passage_fts WHERE rowid = ?`).run(num);
  db.$client.prepare(`INSERT INTO passage_fts(rowid, terms) VALUES (?, ?)`).run(num, passageTerms(text));
}

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

/**
 * Terms found in very many passages carry little BM25 weight but cost the most to score: a term
 * in more than 10 % of the passages, and in more than 3,000 of them, is left out of the match
 * unless nothing else remains. The absolute floor keeps small collections exact; the rule is a
 * cost bound for large ones.
 */
export const MAX_DOC_SHARE = 0.1;
const MIN_PRUNED_DF = 3000;

function ftsQuery(db: Db, q: QueryTerms): string | null {
  const all = [...new Set([...q.terms, ...q.expansions])].filter((t) => /^[\p{L}\p{N}]+$/u.test(t));
  if (!all.length) return null;
  const total = (db.$client.prepare(`SELECT count(*) FROM passage`).pluck().get() as number) || 1;
  const df = db.$client.prepare(`SELECT doc FROM passage_fts_vocab WHERE term = ?`).pluck();
  const limit = Math.max(MAX_DOC_SHARE * total, MIN_PRUNED_DF);
  const informative = all.filter((t) => ((df.get(t) as number | undefined) ?? 0) <= limit);
  const use = informative.length ? informative : all;
  return use.map((t) => `"${t}"`).join(' OR ');
}

/** The share of the query's own terms that occur in any passage (0 when it has none). */
export function termCoverage(db: Db, q: QueryTerms): number {
  const terms = q.terms.filter((t) => /^[\p{L}\p{N}]+$/u.test(t));
  if (!terms.length) return 0;
  const df = db.$client.prepare(`SELECT doc FROM passage_fts_vocab WHERE term = ?`).pluck();
  return terms.filter((t) => ((df.get(t) as number | undefined) ?? 0) > 0).length / terms.length;
}

/**
 * Top passages by BM25. FTS5 scores every match before it can order them, so the ranking is read
 * once: without a filter up to k rows, with one lazily until k rows have passed it (a selective
 * filter would otherwise need a second, exhaustive pass after a deep first page).
 */
export function lexicalSearch(db: Db, q: QueryTerms, k: number, accept?: (num: number) => boolean): LexicalHit[] {
  const match = ftsQuery(db, q);
  if (!match) return [];
  const stmt = db.$client.prepare(`SELECT rowid AS num, -bm25(passage_fts) AS score FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rank LIMIT ?`);
  if (!accept) return stmt.all(match, k) as LexicalHit[];
  // Raw rows: walking a few thousand of them is cheaper as arrays than as objects.
  const out: LexicalHit[] = [];
  for (const [num, score] of stmt.raw(true).iterate(match, -1) as IterableIterator<[number, number]>) {
    if (accept(num) && out.push({ num, score }) >= k) break;
  }
  return out;
}

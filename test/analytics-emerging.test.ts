// Emerging themes on constructed data: three topics the codebook does not have, with embeddings
// that cluster and words that characterise them, among passages the codebook fits (labelled or
// scored high), logistics, and unapproved text that must stay out.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emergingThemes } from '../src/analytics/index.js';
import { isThemeCandidate } from '../src/analytics/emerging.js';
import { clusterAuto, kmeans } from '../src/analytics/cluster.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { characteristicTerms, termDoc } from '../src/analytics/terms.js';
import { vectorToBuffer } from '../src/search/vector-index.js';
import { closeDb, openDb, type Db } from '../src/store/db.js';
import { tempDir } from './helpers.js';

const DIM = 24;
const rand = seededRandom(11);
const unit = (v: Float32Array) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const centre = () => unit(Float32Array.from({ length: DIM }, () => rand() * 2 - 1));
const near = (c: Float32Array, noise = 0.15) => unit(c.map((x) => x + (rand() * 2 - 1) * noise));

// Each topic: one constant word in varying sentences; the rest of the words come from a pool that
// every kind of passage uses, as in real notes.
const FILLER = [
  'Huvudmannen behöver ta ett samlat grepp om det.',
  'Rektorn beskrev att personalen upplever det som ett problem.',
  'Styrelsen har diskuterat frågan men inte fattat något beslut.',
  'Det påverkar barnen och eleverna varje vecka.',
  'Vi kom överens om att följa upp det vid återkopplingen.',
  'Kommunen har inte gett något besked ännu.',
];
const topicText = (word: string, verbs: string[]) => (i: number) =>
  `${word[0]!.toUpperCase()}${word.slice(1)} ${verbs[i % verbs.length]}. ${FILLER[i % FILLER.length]} ${FILLER[(i * 5 + 1) % FILLER.length]}`;
const TOPICS = {
  skolskjuts: topicText('skolskjutsen', ['kommer ofta sent', 'saknas för byarna', 'är ett återkommande bekymmer', 'har dragits in på morgonen']),
  lokaler: topicText('lokalerna', ['är för trånga', 'har dålig ventilation', 'räcker inte till alla grupper', 'behöver byggas om']),
  lasplattor: topicText('lärplattorna', ['används sällan i undervisningen', 'är gamla', 'saknar lämpliga appar', 'delas av för många barn']),
};
type Topic = keyof typeof TOPICS;
const expectTopic: Record<Topic, string> = { skolskjuts: 'skolskjutsen', lokaler: 'lokalerna', lasplattor: 'lärplattorna' };

let t: ReturnType<typeof tempDir>;
let db: Db;
const now = '2025-01-01T00:00:00Z';
const truth = new Map<string, Topic>();

beforeAll(() => {
  t = tempDir('dk-analytics-emerging-');
  db = openDb(join(t.dir, 'e.db'));
  const c = db.$client;
  const centres = { skolskjuts: centre(), lokaler: centre(), lasplattor: centre() };
  const other = centre();
  const insertPassage = (noteId: string, i: number, text: string, v: Float32Array) => {
    const pid = `${noteId}:p${i}`;
    const num = c.prepare(`INSERT INTO passage (id, note_id, ord, paragraph, start, "end", text) VALUES (?, ?, ?, ?, 0, 1, ?)`).run(pid, noteId, i, i, text).lastInsertRowid;
    c.prepare(`INSERT INTO embedding (passage_num, model_id, vector) VALUES (?, 'test-model', ?)`).run(num, vectorToBuffer(v));
    return pid;
  };
  for (let h = 0; h < 12; h++) {
    const hm = `hm-${h}`;
    c.prepare(`INSERT INTO huvudman (id, namn, typ, antal_barn_elever, skolformer, region, updated_at) VALUES (?, ?, 'enskild', 40, '["forskola"]', 'Örebro', ?)`).run(hm, hm, now);
    c.prepare(`INSERT INTO dialog (id, huvudman_id, cykel, omgang) VALUES (?, ?, 1, 2)`).run(`${hm}-d`, hm);
    for (const status of ['godkand', 'utkast']) {
      const noteId = `${hm}-${status}`;
      c.prepare(
        `INSERT INTO note (id, dialog_id, huvudman_id, typ, datum, status, deltagare_roller, text, content_hash, source_file, imported_at) VALUES (?, ?, ?, 'dialog', '2024-01-01', ?, '[]', 'x', 'h', 't', ?)`,
      ).run(noteId, `${hm}-d`, hm, status, now);
      let i = 0;
      if (status === 'utkast') {
        // Unapproved: a fourth topic that must never surface.
        for (let k = 0; k < 3; k++) insertPassage(noteId, i++, `Hemliga utkastet om simundervisningen och simhallen, del ${k}.`, near(other));
        continue;
      }
      // Each huvudman has two passages of two of the three topics (so every topic spans 8 huvudmän).
      const topics = (Object.keys(TOPICS) as Topic[]).filter((_, k) => k !== h % 3);
      for (const tp of topics)
        for (let k = 0; k < 2; k++) truth.set(insertPassage(noteId, i++, TOPICS[tp](h * 10 + k), near(centres[tp])), tp);
      // Fits the codebook: a reviewed label …
      const labelled = insertPassage(noteId, i++, `Det systematiska kvalitetsarbetet saknar struktur. ${FILLER[h % FILLER.length]} ${FILLER[(h + 2) % FILLER.length]}`, near(centres.skolskjuts));
      c.prepare(`INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, created_at) VALUES ('passage', ?, ?, 'systematiskt-kvalitetsarbete', 'reviewed', 1, ?)`).run(labelled, noteId, now);
      // … or a high predicted score without a positive label; a low score leaves it poorly fitting.
      const scored = insertPassage(noteId, i++, `Samarbetet med vårdnadshavarna behöver utvecklas. ${FILLER[(h + 3) % FILLER.length]} ${FILLER[(h + 4) % FILLER.length]}`, near(centres.lokaler));
      c.prepare(`INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, score, created_at) VALUES ('passage', ?, ?, 'vardnadshavare', 'predicted', 0, 0.6, ?)`).run(scored, noteId, now);
      // Logistics: not a theme.
      insertPassage(noteId, i++, `Nästa möte hålls digitalt via Teams och kalenderinbjudan skickas av samordnaren, möte ${h}.`, near(other));
    }
  }
});
afterAll(() => {
  closeDb(db);
  t.cleanup();
});

describe('emerging themes', () => {
  it('finds the three unseen topics, with their size, spread, words and examples', () => {
    const r = emergingThemes(db, { k: 3 });
    expect(r.vectorSource).toBe('embedding');
    expect(r.poorlyFitting).toBe(12 * 4 + 12); // topic passages + logistics
    expect(r.clustered).toBe(12 * 4);
    expect(r.clusters).toHaveLength(3);
    const found = new Set<Topic>();
    for (const c of r.clusters) {
      const topics = new Set(c.passageIds.map((id) => truth.get(id)));
      expect(topics.size).toBe(1);
      const tp = [...topics][0]!;
      found.add(tp);
      expect(c.size).toBe(16);
      expect(c.huvudman).toBe(8);
      expect(c.terms.map((x) => x.word)).toContain(expectTopic[tp]);
      expect(c.examples).toHaveLength(3);
      expect(new Set(c.examples.map((e) => e.huvudmanId)).size).toBe(3);
      for (const e of c.examples) expect(e.text).toBe(db.$client.prepare(`SELECT text FROM passage WHERE id = ?`).pluck().get(e.passageId));
    }
    expect(found.size).toBe(3);
    const all = JSON.stringify(r);
    expect(all).not.toMatch(/simhallen|Teams|systematiska kvalitetsarbetet|vårdnadshavarna/);
  });

  it('reads a passage about the meeting as no candidate, and a need next to a logistics sentence as one', () => {
    // A logistics sentence and no need cue anywhere: the passage is about the meeting.
    expect(isThemeCandidate('Mötet hölls digitalt via Teams. Förskolan har en stor gård med mycket natur runt omkring.')).toBe(false);
    // The same logistics sentence beside a need: the need is a candidate.
    expect(isThemeCandidate('Mötet hölls digitalt via Teams. Gården är för liten och behöver byggas ut innan hösten.')).toBe(true);
    // Premises are no meeting logistics, even without a need cue.
    expect(isThemeCandidate('Lokalerna är för trånga för de stora barngrupperna på förskolan i centrum.')).toBe(true);
    // Denied throughout: no new need.
    expect(isThemeCandidate('Studieron är god och inget som huvudmannen ville fördjupa vid det här tillfället.')).toBe(false);
  });

  it('chooses k by silhouette when not told', () => {
    const r = emergingThemes(db, {});
    expect(r.k).toBeGreaterThanOrEqual(3);
    const covered = r.clusters.reduce((s, c) => s + c.size, 0);
    expect(covered).toBeGreaterThanOrEqual(40);
    for (const c of r.clusters) expect(new Set(c.passageIds.map((id) => truth.get(id))).size).toBe(1);
  });

  it('a higher score bar lets more in; without embeddings it falls back to term vectors', () => {
    const strict = emergingThemes(db, { maxScore: 0.7 });
    expect(strict.poorlyFitting).toBe(12 * 5 + 12);
    db.$client.exec(`DELETE FROM embedding`);
    const r = emergingThemes(db, { k: 3 });
    expect(r.vectorSource).toBe('terms');
    // Term vectors are the weaker fallback (shared filler words weigh in): only the invariants here.
    expect(r.clusters.length).toBeGreaterThan(0);
    for (const c of r.clusters) {
      expect(c.passageIds.every((id) => truth.has(id))).toBe(true);
      expect(c.terms.length).toBeGreaterThan(0);
    }
  });
});

describe('clustering and terms (pure)', () => {
  it('k-means is deterministic and separates well-separated groups', () => {
    const cs = [centre(), centre()];
    const vs = Array.from({ length: 40 }, (_, i) => near(cs[i % 2]!, 0.05));
    const a = kmeans(vs, 2, { seed: 3 });
    const b = kmeans(vs, 2, { seed: 3 });
    expect([...a.assign]).toEqual([...b.assign]);
    for (let i = 2; i < 40; i++) expect(a.assign[i]).toBe(a.assign[i % 2]);
    expect(clusterAuto(vs).k).toBe(2);
  });

  it('characteristic terms: frequent inside, rare outside, from two huvudmän', () => {
    const group = [termDoc('Skolskjutsen är sen.', 'a'), termDoc('Skolskjutsen kommer inte.', 'b'), termDoc('Fjällen är höga.', 'a'), termDoc('Fjällen är vackra.', 'a')];
    const rest = [termDoc('Skolan är bra.', 'c'), termDoc('Skolan kommer.', 'd')];
    const df = new Map<string, number>();
    for (const d of rest) for (const x of d.terms) df.set(x, (df.get(x) ?? 0) + 1);
    const terms = characteristicTerms(group, { df, n: rest.length });
    expect(terms[0]?.word).toBe('skolskjutsen');
    expect(terms.map((x) => x.word)).not.toContain('fjällen'); // one huvudman's word only
  });
});

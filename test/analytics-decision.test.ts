// One decision everywhere (#13): a dialogue whose only evidence for a label is one weak passage
// prediction is, by the old "any passage is predicted" rule, a dialogue with that need; the
// dialogue-level model says it is not. The dashboard, the brief, support targeting, quotes and the
// search filters must all follow the model, on a real SQLite file behind a real Service.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factorReport, preDialogueBrief, quotes, targetSupport, themeReport } from '../src/analytics/index.js';
import { defaultDecisionModels, unitProbability } from '../src/analytics/unit-decision.js';
import { matchesFilters } from '../src/search/filters.js';
import { Service } from '../src/service.js';
import { tempDir } from './helpers.js';

const LABEL = 'elevhalsa';
const FACTOR = 'systematiskt-kvalitetsarbete';
let t: ReturnType<typeof tempDir>;
let service: Service;

/** One huvudman with one dialogue and one note of `scores.length` passages, and those predictions for LABEL. */
function insertHuvudman(id: string, scores: { score: number; predicted: boolean }[], factorScore = 0) {
  const c = service.db.$client;
  const now = '2025-01-01T00:00:00Z';
  c.prepare(`INSERT INTO huvudman (id, namn, typ, antal_barn_elever, skolformer, region, updated_at) VALUES (?, ?, 'kommun', 900, '["grundskola"]', 'Örebro', ?)`).run(id, `Kommunen ${id}`, now);
  c.prepare(`INSERT INTO dialog (id, huvudman_id, cykel, omgang) VALUES (?, ?, 1, 8)`).run(`${id}-d`, id);
  const noteId = `${id}-n1`;
  c.prepare(
    `INSERT INTO note (id, dialog_id, huvudman_id, typ, datum, status, deltagare_roller, text, content_hash, source_file, imported_at) VALUES (?, ?, ?, 'dialog', '2025-03-01', 'godkand', '[]', 'text', 'h', 'test', ?)`,
  ).run(noteId, `${id}-d`, id, now);
  const label = c.prepare(`INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, score, created_at) VALUES ('passage', ?, ?, ?, 'predicted', ?, ?, ?)`);
  scores.forEach((s, i) => {
    const pid = `${noteId}:p${i}`;
    const text = `Elevhälsoteamet arbetar förebyggande och hälsofrämjande på skolenheterna; stycke ${i} om hur huvudmannen följer upp arbetet.`;
    c.prepare(`INSERT INTO passage (id, note_id, ord, paragraph, start, "end", text) VALUES (?, ?, ?, ?, 0, ?, ?)`).run(pid, noteId, i, i, text.length, text);
    if (s.score > 0) label.run(pid, noteId, LABEL, s.predicted ? 1 : 0, s.score, now);
    if (factorScore) label.run(pid, noteId, FACTOR, 1, factorScore, now);
  });
  service.catalog.invalidate();
}

const weak = [{ score: 0.4, predicted: true }, { score: 0.21, predicted: false }, ...Array.from({ length: 8 }, () => ({ score: 0, predicted: false }))];
const strong = [0.92, 0.88, 0.9, 0.85].map((score) => ({ score, predicted: true })).concat([{ score: 0, predicted: false }, { score: 0, predicted: false }]);

beforeAll(async () => {
  t = tempDir('dk-decision-');
  service = await Service.open({ db: join(t.dir, 'd.db'), memoryIndex: true, retrainAfter: 0 });
  insertHuvudman('hm-svag', weak, 0.95);
  insertHuvudman('hm-stark', strong, 0.95);
});
afterAll(() => {
  service.close();
  t.cleanup();
});

describe('one decision everywhere', () => {
  it('the premise: any passage is predicted in both, the dialogue model decides only the strong one', () => {
    const model = defaultDecisionModels().dialogue.main;
    const ev = (xs: typeof weak) => xs.map((x) => ({ ...x, noteTyp: 'dialog' }));
    expect(unitProbability(model, LABEL, ev(weak))).toBeLessThan(0.5);
    expect(unitProbability(model, LABEL, ev(strong))).toBeGreaterThan(0.5);
  });

  it('the dashboard counts one dialogue, and its share lies between the decisions and the uncertainty', () => {
    const row = themeReport(service.db).rows.find((r) => r.label === LABEL)!;
    expect([row.dialogues, row.n]).toEqual([1, 2]);
    expect(row.share).toBeGreaterThan(0.5);
    expect(row.share).toBeLessThan(1);
    expect(row.low).toBeLessThan(row.share);
    expect(row.high).toBeGreaterThan(row.share);
    // The factor both carry strongly is counted for both.
    expect(factorReport(service.db).rows.find((r) => r.label === FACTOR)!.dialogues).toBe(2);
  });

  it('the brief lists the need only for the huvudman the dialogue model decided', async () => {
    const needs = async (id: string) => (await preDialogueBrief(service, id)).needs.map((n) => n.label);
    expect(await needs('hm-stark')).toContain(LABEL);
    expect(await needs('hm-svag')).not.toContain(LABEL);
    expect(await needs('hm-svag')).toContain(FACTOR);
  });

  it('support targeting by the theme finds only that huvudman', async () => {
    const r = await targetSupport(service, { themes: [LABEL] });
    expect(r.huvudman.map((h) => h.huvudmanId)).toEqual(['hm-stark']);
  });

  it('quotes for the theme come only from the decided dialogue', async () => {
    const r = await quotes(service, { theme: LABEL, limit: 10 });
    expect(r.quotes.length).toBeGreaterThan(0);
    expect(new Set(r.quotes.map((q) => q.huvudmanId))).toEqual(new Set(['hm-stark']));
  });

  it('the search filter for the theme keeps only passages of notes decided to carry it', () => {
    const hits = [...service.catalog.matching({ theme: LABEL }, matchesFilters)].map((num) => service.catalog.get(num)!.huvudmanId);
    expect(hits.length).toBe(4);
    expect(new Set(hits)).toEqual(new Set(['hm-stark']));
    // The passage the old rule would have matched still carries its own prediction.
    const weakPassage = [...service.catalog.all()].find((m) => m.passageId === 'hm-svag-n1:p0')!;
    expect(weakPassage.labels.has(LABEL)).toBe(false);
    expect(weakPassage.labels.has(FACTOR)).toBe(true);
  });
});

// The review loop on a real service over a real SQLite file with the fixture corpus: predictions
// are written at ingest, a review holds at once and survives reclassification, training moves the
// supervised model, and enough reviews retrain it automatically.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveLabels } from '../src/classify/review.js';
import { Service } from '../src/service.js';
import { makeBundle, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let service: Service;

const q = <T>(sql: string, ...args: unknown[]) => service.db.$client.prepare(sql).all(...args) as T[];
const one = <T>(sql: string, ...args: unknown[]) => service.db.$client.prepare(sql).pluck().get(...args) as T;

/** The stored prediction score of a label on a passage (0 when none is stored). */
const predictedScore = (passageId: string, labelId: string) =>
  (one<number | undefined>(`SELECT score FROM label WHERE target_kind = 'passage' AND target_id = ? AND label_id = ? AND source = 'predicted'`, passageId, labelId) ?? 0);

beforeAll(async () => {
  t = tempDir('dk-review-');
  service = await Service.open({ db: join(t.dir, 'review.db'), memoryIndex: true, retrainAfter: 0 });
  const rep = await service.ingest([resolve('corpus/fixtures')]);
  expect(rep.errors).toEqual([]);
}, 120_000);
afterAll(async () => {
  await service.settled();
  service.close();
  t.cleanup();
});

describe('classification at ingest', () => {
  it('stores predictions for every approved note and its passages, none for drafts or withdrawn notes', () => {
    const approved = one<number>(`SELECT count(*) FROM note WHERE status = 'godkand'`);
    expect(one<number>(`SELECT count(DISTINCT note_id) FROM label WHERE source = 'predicted' AND target_kind = 'note'`)).toBe(approved);
    expect(one<number>(`SELECT count(*) FROM label l JOIN note n ON n.id = l.note_id WHERE n.status != 'godkand'`)).toBe(0);
    // Every stored prediction has a score in [0, 1]; positive ones carry evidence from the passage.
    const rows = q<{ score: number; evidence: string | null; text: string }>(
      `SELECT l.score, l.evidence, p.text FROM label l JOIN passage p ON p.id = l.target_id WHERE l.source = 'predicted' AND l.positive = 1 AND l.target_kind = 'passage' LIMIT 200`,
    );
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      for (const e of JSON.parse(r.evidence ?? '[]') as string[]) expect(r.text).toContain(e);
    }
  });

  it('classifies a newly ingested note at once', async () => {
    const dir = tempDir('dk-review-in-');
    try {
      const bundle = makeBundle({
        note: {
          id: 'hm-test-1-n1',
          text:
            'Flera elever har varit borta från skolan i månader och sitter hemma. Skolan saknar rutiner för att tidigt fånga upp den oroande frånvaron och kontakta vårdnadshavarna.',
        },
      });
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir.dir, 'b.json'), JSON.stringify(bundle));
      const rep = await service.ingest([dir.dir]);
      expect(rep.errors).toEqual([]);
      const labels = effectiveLabels(service.db, 'hm-test-1-n1').filter((l) => l.positive).map((l) => l.labelId);
      expect(labels).toContain('narvaro');
    } finally {
      dir.cleanup();
    }
  });
});

describe('the review loop', () => {
  it('a review holds at once, wins over the prediction and survives reclassification', async () => {
    // A passage with a positive prediction that a person rejects, and a label a person adds.
    const p = q<{ target_id: string; label_id: string }>(
      `SELECT target_id, label_id FROM label WHERE source = 'predicted' AND positive = 1 AND target_kind = 'passage' ORDER BY target_id LIMIT 1`,
    )[0]!;
    const absent = q<{ id: string }>(
      `SELECT id FROM (SELECT 'vardnadshavare' AS id UNION SELECT 'sprakutveckling' UNION SELECT 'overgangar')
        WHERE id NOT IN (SELECT label_id FROM label WHERE target_id = ? AND positive = 1)`,
      p.target_id,
    )[0]!.id;

    service.review({ targetId: p.target_id, labelId: p.label_id, action: 'remove', by: 'granskare-1' });
    service.review({ targetId: p.target_id, labelId: absent, action: 'add', by: 'granskare-1' });
    const check = () => {
      const labels = new Map(effectiveLabels(service.db, p.target_id).map((l) => [l.labelId, l]));
      expect(labels.get(p.label_id)).toMatchObject({ positive: false, source: 'reviewed', reviewer: 'granskare-1' });
      expect(labels.get(absent)).toMatchObject({ positive: true, source: 'reviewed', reviewer: 'granskare-1' });
    };
    check();
    // Search filters read the decision at once too.
    const text = one<string>(`SELECT text FROM passage WHERE id = ?`, p.target_id);
    const { hits } = await service.searcher.search({ query: text.slice(0, 200), limit: 50, filters: { theme: absent } });
    expect(hits.map((h) => h.passageId)).toContain(p.target_id);

    const rep = await service.reclassify();
    expect(rep.passages).toBeGreaterThan(600);
    check();
    // The prediction row was rewritten (it still says what the model thinks), the review still wins.
    expect(one<number>(`SELECT count(*) FROM label WHERE target_id = ? AND label_id = ? AND source = 'predicted'`, p.target_id, p.label_id)).toBe(1);
  }, 120_000);

  it('training on reviewed labels measurably moves the supervised model', async () => {
    const first = await service.train();
    expect(first.modelId).toBeTypeOf('number');
    expect(first.reviewedLabels).toBeGreaterThan(100);
    // Passages that talk about guardians, which a person now marks as "vardnadshavare" needs.
    const rows = q<{ id: string }>(
      `SELECT p.id FROM passage p WHERE lower(p.text) LIKE '%vårdnadshavar%' OR lower(p.text) LIKE '%föräldrar%' ORDER BY p.num LIMIT 24`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const probe = rows.slice(0, 4).map((r) => r.id);
    const before = probe.map((id) => predictedScore(id, 'vardnadshavare'));
    for (const r of rows.slice(4)) service.review({ targetId: r.id, labelId: 'vardnadshavare', action: 'add', by: 'granskare-2' });
    const second = await service.train();
    expect(second.modelId).toBeGreaterThan(first.modelId!);
    const after = probe.map((id) => predictedScore(id, 'vardnadshavare'));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(after)).toBeGreaterThan(mean(before) + 0.02);
  }, 240_000);

  it('retrains by itself after enough new reviews', async () => {
    const auto = await Service.open({ db: service.dbPath, memoryIndex: true, retrainAfter: 3 });
    try {
      const models = () => auto.db.$client.prepare(`SELECT count(*) FROM classifier_model`).pluck().get() as number;
      const before = models();
      const ids = q<{ id: string }>(`SELECT id FROM passage ORDER BY num DESC LIMIT 3`).map((r) => r.id);
      auto.review({ targetId: ids[0]!, labelId: 'likvardighet', action: 'confirm', by: 'granskare-3' });
      auto.review({ targetId: ids[1]!, labelId: 'likvardighet', action: 'confirm', by: 'granskare-3' });
      expect(auto.retrainIfDue()).toBeNull();
      auto.review({ targetId: ids[2]!, labelId: 'likvardighet', action: 'confirm', by: 'granskare-3' });
      await auto.settled();
      expect(models()).toBe(before + 1);
      expect(auto.retrainStatus().newReviews).toBe(0);
    } finally {
      await auto.settled();
      auto.close();
    }
  }, 240_000);

  it('refuses unknown labels and targets, and unapproved notes, writing nothing', () => {
    const count = () => one<number>(`SELECT count(*) FROM label WHERE source = 'reviewed'`);
    const before = count();
    expect(() => service.review({ targetId: 'hm-0001-n1', labelId: 'finns-inte', action: 'add' })).toThrow(/okänd etikett/);
    expect(() => service.review({ targetId: 'hm-9999-n9:p0', labelId: 'narvaro', action: 'add' })).toThrow(/okänt textavsnitt/);
    const draft = one<string>(`SELECT id FROM note WHERE status != 'godkand' LIMIT 1`);
    expect(() => service.review({ targetId: draft, labelId: 'narvaro', action: 'add' })).toThrow(/inte godkänd/);
    expect(count()).toBe(before);
  });
});

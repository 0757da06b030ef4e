// Quotes: spread over huvudmän (10 quotes span ≥ 7 huvudmän when that many exist, here all 10),
// approved text only, each linked to its note and huvudman, filters respected.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotes } from '../src/analytics/index.js';
import { spreadOverHuvudman } from '../src/analytics/spread.js';
import { closeDb, openDb, type Db } from '../src/store/db.js';
import { tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let db: Db;
const now = '2025-01-01T00:00:00Z';

const sentence = (hm: string, i: number) =>
  `Huvudmannen ${hm} beskrev att ansvaret mellan styrelse och rektor är otydligt och att uppföljningen av arbetet nummer ${i} saknar en tydlig struktur.`;

function addHm(id: string, region: string, notes: { id: string; status: string; passages: { text: string; label?: { source: 'reviewed' | 'predicted'; positive: boolean; score?: number } }[] }[]) {
  const c = db.$client;
  c.prepare(`INSERT INTO huvudman (id, namn, typ, antal_barn_elever, skolformer, region, updated_at) VALUES (?, ?, 'enskild', 30, '["forskola"]', ?, ?)`).run(id, id, region, now);
  c.prepare(`INSERT INTO dialog (id, huvudman_id, cykel, omgang) VALUES (?, ?, 1, 3)`).run(`${id}-d`, id);
  for (const n of notes) {
    c.prepare(
      `INSERT INTO note (id, dialog_id, huvudman_id, typ, datum, status, deltagare_roller, text, content_hash, source_file, imported_at) VALUES (?, ?, ?, 'dialog', '2024-05-01', ?, '[]', ?, 'h', 't', ?)`,
    ).run(n.id, `${id}-d`, id, n.status, n.status === 'godkand' ? 'x' : null, now);
    n.passages.forEach((p, i) => {
      const pid = `${n.id}:p${i}`;
      c.prepare(`INSERT INTO passage (id, note_id, ord, paragraph, start, "end", text) VALUES (?, ?, ?, ?, 0, 1, ?)`).run(pid, n.id, i, i, p.text);
      if (p.label)
        c.prepare(`INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, score, created_at) VALUES ('passage', ?, ?, 'roll-och-ansvar', ?, ?, ?, ?)`).run(
          pid, n.id, p.label.source, p.label.positive ? 1 : 0, p.label.score ?? null, now,
        );
    });
  }
}

beforeAll(() => {
  t = tempDir('dk-analytics-quotes-');
  db = openDb(join(t.dir, 'q.db'));
  // One huvudman with many strong, reviewed passages …
  addHm('hm-stor', 'Solna', [{ id: 'hm-stor-n1', status: 'godkand', passages: Array.from({ length: 30 }, (_, i) => ({ text: sentence('hm-stor', i), label: { source: 'reviewed' as const, positive: true } })) }]);
  // … and 14 with two weakly predicted passages each.
  for (let h = 0; h < 14; h++)
    addHm(`hm-${h}`, h < 7 ? 'Malmö' : 'Luleå', [
      { id: `hm-${h}-n1`, status: 'godkand', passages: [0, 1].map((i) => ({ text: sentence(`hm-${h}`, i), label: { source: 'predicted' as const, positive: true, score: 0.55 } })) },
    ]);
  // Unapproved text with the label must never be quoted, however strong.
  addHm('hm-utkast', 'Malmö', [
    { id: 'hm-utkast-n1', status: 'utkast', passages: [{ text: 'HEMLIGT UTKAST: ansvaret mellan styrelse och rektor är otydligt.', label: { source: 'reviewed', positive: true } }] },
    { id: 'hm-utkast-n2', status: 'aterkallad', passages: [{ text: 'ÅTERKALLAD TEXT: ansvaret mellan styrelse och rektor är otydligt.', label: { source: 'reviewed', positive: true } }] },
  ]);
  // A rejected label is not a label.
  addHm('hm-nej', 'Malmö', [{ id: 'hm-nej-n1', status: 'godkand', passages: [{ text: 'AVVISAD: ansvaret är tydligt fördelat.', label: { source: 'reviewed', positive: false } }] }]);
});
afterAll(() => {
  closeDb(db);
  t.cleanup();
});

describe('quotes for a factor', () => {
  it('10 quotes come from 10 different huvudmän, not ten from the strongest one', async () => {
    const r = await quotes({ db }, { factor: 'roll-och-ansvar', limit: 10 });
    expect(r.quotes).toHaveLength(10);
    expect(r.huvudmanAvailable).toBe(15);
    const hms = new Set(r.quotes.map((q) => q.huvudmanId));
    expect(hms.size).toBeGreaterThanOrEqual(7);
    expect(hms.size).toBe(10);
    expect(r.huvudman).toBe(10);
  });

  it('quotes only approved passages, each linked to its note, passage and huvudman, with its text', async () => {
    const r = await quotes({ db }, { factor: 'roll-och-ansvar', limit: 100 });
    expect(r.candidates).toBe(30 + 28);
    for (const q of r.quotes) {
      const row = db.$client
        .prepare(`SELECT p.text, n.status, n.huvudman_id AS hm FROM passage p JOIN note n ON n.id = p.note_id WHERE p.id = ? AND n.id = ?`)
        .get(q.passageId, q.noteId) as { text: string; status: string; hm: string };
      expect(row.status).toBe('godkand');
      expect(row.hm).toBe(q.huvudmanId);
      expect(q.text).toBe(row.text);
      expect(q.text).not.toMatch(/HEMLIGT|ÅTERKALLAD|AVVISAD/);
      expect(q.labels).toContain('roll-och-ansvar');
    }
  });

  it('with fewer huvudmän than quotes, every huvudman is used before any is used twice', async () => {
    const r = await quotes({ db }, { factor: 'roll-och-ansvar', limit: 10, filters: { region: 'Luleå' } });
    expect(r.huvudmanAvailable).toBe(7);
    expect(r.quotes).toHaveLength(10);
    expect(new Set(r.quotes.slice(0, 7).map((q) => q.huvudmanId)).size).toBe(7);
    expect(r.quotes.every((q) => q.region === 'Luleå')).toBe(true);
  });

  it('rejects unknown labels and empty requests', async () => {
    await expect(quotes({ db }, { factor: 'finns-inte' })).rejects.toThrow(/okänd framgångsfaktor/);
    await expect(quotes({ db }, { theme: 'roll-och-ansvar' })).rejects.toThrow(/okänt tema/);
    await expect(quotes({ db }, {})).rejects.toThrow(/ange/);
    await expect(quotes({ db }, { query: 'ansvar' })).rejects.toThrow(/sökfunktionen/);
  });
});

describe('spreadOverHuvudman', () => {
  it('takes each huvudman’s best item in rounds, alternating notes, and drops repeated texts', () => {
    const items = [
      { huvudmanId: 'a', noteId: 'a1', text: 'x1', score: 0.9 },
      { huvudmanId: 'a', noteId: 'a1', text: 'x2', score: 0.8 },
      { huvudmanId: 'a', noteId: 'a2', text: 'x3', score: 0.7 },
      { huvudmanId: 'b', noteId: 'b1', text: 'y1', score: 0.5 },
      { huvudmanId: 'c', noteId: 'c1', text: 'X1!', score: 0.95 },
    ];
    expect(spreadOverHuvudman(items, 4).map((i) => i.text)).toEqual(['X1!', 'x2', 'y1', 'x3']);
  });
});

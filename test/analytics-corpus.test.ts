// The analytics on the fixture corpus. Expected figures are computed here from the fixture files
// and the gold labels themselves (read independently of the service), after ingest through the
// real service: first with the labels the notes were imported with, then with the gold paragraph
// labels imported as reviewed decisions on the passages.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import matter from 'gray-matter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emergingThemes, factorReport, preDialogueBrief, quotes, targetSupport, themeReport } from '../src/analytics/index.js';
import { loadCodebook } from '../src/codebook/index.js';
import { Service } from '../src/service.js';
import { tempDir } from './helpers.js';

const ROOT = resolve('corpus');
const cb = loadCodebook();
const FACTORS = cb.factors.map((f) => f.id);
const THEMES = cb.themes.map((x) => x.id);
const ALL = [...FACTORS, ...THEMES];

interface FxHm { id: string; typ: string; size: number | null; skolformer: string[]; region: string }
interface FxNote { id: string; hm: string; cykel: number; omgang: number; status: string; labels: string[]; names: string[]; text?: string }

// ---- independent reading of the fixture files -------------------------------------------------
const fxHm = new Map<string, FxHm>();
const fxNotes: FxNote[] = [];
function readFixtures() {
  const addHm = (h: Record<string, unknown>) =>
    fxHm.set(String(h.id), { id: String(h.id), typ: String(h.typ), size: (h.antal_barn_elever as number | undefined) ?? null, skolformer: h.skolformer as string[], region: String(h.region) });
  const names = (d: unknown) => ((d as { namn: string }[] | undefined) ?? []).map((x) => x.namn);
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.meta.json') || e.name.endsWith('.md')) {
        const m = e.name.endsWith('.md') ? matter(readFileSync(full, 'utf8')) : { data: JSON.parse(readFileSync(full, 'utf8')) as Record<string, unknown>, content: undefined };
        const d = m.data as Record<string, unknown>;
        addHm({ ...d, id: d.huvudman_id });
        fxNotes.push({
          id: String(d.note_id), hm: String(d.huvudman_id), cykel: Number(d.cykel), omgang: Number(d.omgang), status: String(d.status),
          labels: [...((d.factors as string[]) ?? []), ...((d.themes as string[]) ?? [])], names: names(d.deltagare), text: m.content,
        });
      } else if (e.name.endsWith('.json')) {
        const raw = JSON.parse(readFileSync(full, 'utf8')) as unknown;
        for (const b of (Array.isArray(raw) ? raw : [raw]) as { huvudman: Record<string, unknown>; dialog: { cykel: number; omgang: number }; notes: Record<string, unknown>[] }[]) {
          addHm(b.huvudman);
          for (const n of b.notes)
            fxNotes.push({
              id: String(n.id), hm: String(b.huvudman.id), cykel: b.dialog.cykel, omgang: b.dialog.omgang, status: String(n.status),
              labels: [...((n.factors as string[]) ?? []), ...((n.themes as string[]) ?? [])], names: names(n.deltagare), text: String(n.text),
            });
        }
      }
    }
  };
  walk(join(ROOT, 'fixtures'));
}
const gold = new Map<string, { factors: string[]; themes: string[] }[]>();
function readGold() {
  for (const f of readdirSync(join(ROOT, 'gold')))
    for (const g of JSON.parse(readFileSync(join(ROOT, 'gold', f), 'utf8')) as { note_id: string; paragraphs: { factors: string[]; themes: string[] }[] }[])
      gold.set(g.note_id, g.paragraphs);
}

type Source = 'import' | 'gold';
/** Dialogue key → labels it touches: the union over its approved notes. */
function expectedDialogues(source: Source): Map<string, { hm: FxHm; cykel: number; omgang: number; labels: Set<string> }> {
  const out = new Map<string, { hm: FxHm; cykel: number; omgang: number; labels: Set<string> }>();
  for (const n of fxNotes) {
    if (n.status !== 'godkand') continue;
    const key = `${n.hm}|${n.cykel}|${n.omgang}`;
    const d = out.get(key) ?? out.set(key, { hm: fxHm.get(n.hm)!, cykel: n.cykel, omgang: n.omgang, labels: new Set() }).get(key)!;
    const ls = source === 'import' ? n.labels : gold.get(n.id)!.flatMap((p) => [...p.factors, ...p.themes]);
    for (const l of ls) d.labels.add(l);
  }
  return out;
}
function groups(d: { hm: FxHm; cykel: number; omgang: number }, by: string): string[] {
  const h = d.hm;
  if (by === 'typ') return [h.typ === 'enskild' ? 'enskild' : 'offentlig'];
  if (by === 'storlek') return [h.size === null ? 'okänd' : h.size <= 50 ? '≤ 50' : h.size <= 500 ? '51–500' : '> 500'];
  if (by === 'endast-forskola') return [h.skolformer.length === 1 && h.skolformer[0] === 'forskola' ? 'endast-forskola' : 'ovriga'];
  if (by === 'skolform') return h.skolformer;
  if (by === 'region') return [h.region];
  if (by === 'cykel') return [String(d.cykel)];
  if (by === 'omgang') return [String(d.omgang)];
  if (by === 'huvudmannatyp') return [h.typ];
  return ['alla'];
}
function expectShares(source: Source, by: string, labels: string[]) {
  const out = new Map<string, { k: number; n: number }>();
  for (const d of expectedDialogues(source).values())
    for (const g of groups(d, by))
      for (const l of labels) {
        const e = out.get(`${g}|${l}`) ?? out.set(`${g}|${l}`, { k: 0, n: 0 }).get(`${g}|${l}`)!;
        e.n++;
        if (d.labels.has(l)) e.k++;
      }
  return out;
}
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

let t: ReturnType<typeof tempDir>;
let service: Service;

beforeAll(async () => {
  readFixtures();
  readGold();
  t = tempDir('dk-analytics-corpus-');
  service = await Service.open({ db: join(t.dir, 'c.db'), memoryIndex: true });
  const rep = await service.ingest([join(ROOT, 'fixtures')]);
  expect(rep.errors).toEqual([]);
  // Ingest also stores the classifier's predictions; these figures are checked against people's
  // labels alone, so the predictions go (how predictions and reviews combine has its own tests).
  expect(service.db.$client.prepare(`DELETE FROM label WHERE source = 'predicted'`).run().changes).toBeGreaterThan(0);
  service.catalog.invalidate();
});
afterAll(() => {
  service?.close();
  t?.cleanup();
});

function importGold() {
  // Every paragraph's gold decision on every codebook label, as reviewed labels on its passages:
  // positive for the labels listed, a person's rejection for the rest.
  const c = service.db.$client;
  const passagesOf = c.prepare(`SELECT id, paragraph FROM passage WHERE note_id = ?`);
  const ins = c.prepare(
    `INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, reviewer, created_at) VALUES ('passage', ?, ?, ?, 'reviewed', ?, 'gold', '2025-01-01T00:00:00Z')`,
  );
  c.transaction(() => {
    for (const [noteId, paragraphs] of gold) {
      const ps = passagesOf.all(noteId) as { id: string; paragraph: number }[];
      expect(new Set(ps.map((p) => p.paragraph)).size).toBe(paragraphs.length);
      for (const p of ps) {
        const g = paragraphs[p.paragraph]!;
        const yes = new Set([...g.factors, ...g.themes]);
        for (const l of ALL) ins.run(p.id, noteId, l, yes.has(l) ? 1 : 0);
      }
    }
  })();
  service.catalog.invalidate();
}

/**
 * The estimated share counts the k dialogues a person labelled as known and adds the others'
 * probabilities (test/analytics-counting.test.ts checks that sum exactly): at least k/n, and no
 * further above it than the unlabelled dialogues' evidence allows; inside its own interval.
 */
function expectEstimate(r: { share: number; low: number; high: number; n: number }, k: number) {
  expect(r.share).toBeGreaterThanOrEqual(r4(k / r.n) - 1e-4);
  expect(r.share).toBeLessThanOrEqual(r4(k / r.n) + 0.5 * (1 - k / r.n) + 1e-4);
  expect(r.low).toBeLessThanOrEqual(r.share);
  expect(r.high).toBeGreaterThanOrEqual(r.share);
}

describe('fixture corpus: figures against the labels the notes were imported with', () => {
  it('the fixture files and the gold agree on which notes are approved', () => {
    expect(new Set(fxNotes.map((n) => n.id)).size).toBe(fxNotes.length);
    expect([...gold.keys()].sort()).toEqual(fxNotes.filter((n) => n.status === 'godkand').map((n) => n.id).sort());
  });

  for (const by of ['typ', 'storlek', 'skolform']) {
    it(`factors and themes by ${by}`, () => {
      for (const [rep, labels] of [[factorReport(service.db, { by }), FACTORS], [themeReport(service.db, { by }), THEMES]] as const) {
        const exp = expectShares('import', by, labels);
        expect(rep.rows.length).toBe(exp.size);
        for (const r of rep.rows) {
          const e = exp.get(`${r.group}|${r.label}`)!;
          expect([r.group, r.label, r.dialogues, r.n]).toEqual([r.group, r.label, e.k, e.n]);
          expectEstimate(r, e.k);
          if (r.dialogues) expect(r.reviewedShare).toBe(1);
        }
      }
    });
  }
});

describe('fixture corpus: figures against the gold labels imported as reviewed', () => {
  beforeAll(() => importGold());

  it('the share of dialogues touching each factor, enskilda versus offentliga', () => {
    const rep = factorReport(service.db, { by: 'typ' });
    const dialogues = [...expectedDialogues('gold').values()];
    for (const sektor of ['enskild', 'offentlig']) {
      const ds = dialogues.filter((d) => (d.hm.typ === 'enskild') === (sektor === 'enskild'));
      expect(ds.length).toBeGreaterThan(0);
      for (const f of FACTORS) {
        const row = rep.rows.find((r) => r.group === sektor && r.label === f)!;
        const k = ds.filter((d) => d.labels.has(f)).length;
        expect({ f, sektor, dialogues: row.dialogues, n: row.n }).toEqual({ f, sektor, dialogues: k, n: ds.length });
        expectEstimate(row, k);
        expect(row.reviewedShare).toBe(k ? 1 : null);
      }
    }
    // The report team's example: roll-och-ansvar among enskilda with only förskola vs other enskilda.
    const rep2 = factorReport(service.db, { by: 'endast-forskola', filters: { typ: 'enskild' } });
    const enskilda = dialogues.filter((d) => d.hm.typ === 'enskild');
    for (const g of ['endast-forskola', 'ovriga']) {
      const ds = enskilda.filter((d) => groups(d, 'endast-forskola')[0] === g);
      const row = rep2.rows.find((r) => r.group === g && r.label === 'roll-och-ansvar')!;
      expect([row.dialogues, row.n]).toEqual([ds.filter((d) => d.labels.has('roll-och-ansvar')).length, ds.length]);
    }
  });

  for (const by of ['alla', 'huvudmannatyp', 'storlek', 'endast-forskola', 'skolform', 'region', 'cykel', 'omgang']) {
    it(`every cell by ${by}, factors and themes`, () => {
      for (const [rep, labels] of [[factorReport(service.db, { by }), FACTORS], [themeReport(service.db, { by }), THEMES]] as const) {
        const exp = expectShares('gold', by, labels);
        expect(rep.rows.length).toBe(exp.size);
        for (const r of rep.rows) {
          const e = exp.get(`${r.group}|${r.label}`);
          expect(e, `${by}: ${r.group}|${r.label}`).toBeDefined();
          expect([r.dialogues, r.n]).toEqual([e!.k, e!.n]);
          expectEstimate(r, e!.k);
        }
      }
    });
  }

  describe('quotes', () => {
    const participantNames = () => [...new Set(fxNotes.flatMap((n) => n.names))];
    const unapprovedParagraphs = () => {
      const approved = new Set(fxNotes.filter((n) => n.status === 'godkand').flatMap((n) => (n.text ?? '').split(/\n\s*\n/).map((p) => p.trim())));
      return fxNotes.filter((n) => n.status !== 'godkand').flatMap((n) => (n.text ?? '').split(/\n\s*\n/).map((p) => p.trim())).filter((p) => p.length > 30 && !approved.has(p));
    };
    const checkQuote = (q: { passageId: string; noteId: string; huvudmanId: string; text: string }, secrets: string[], drafts: string[]) => {
      const row = service.db.$client
        .prepare(`SELECT p.text, n.status, n.huvudman_id AS hm FROM passage p JOIN note n ON n.id = p.note_id WHERE p.id = ? AND p.note_id = ?`)
        .get(q.passageId, q.noteId) as { text: string; status: string; hm: string } | undefined;
      expect(row?.status).toBe('godkand');
      expect(row?.hm).toBe(q.huvudmanId);
      expect(q.text).toBe(row?.text);
      expect(q.text).not.toMatch(/\b(19|20)?\d{6}[-+]?\d{4}\b/); // personnummer
      expect(q.text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/); // e-mail
      expect(q.text).not.toMatch(/\b0\d{1,3}[- ]?\d{2,3}[ ]?\d{2}[ ]?\d{2}\b/); // phone
      for (const name of secrets) expect(q.text, name).not.toContain(name);
      for (const d of drafts) expect(d.includes(q.text) || q.text.includes(d), d.slice(0, 60)).toBe(false);
    };

    it('for every factor and theme: approved, redacted, linked, spread over ≥ 7 huvudmän when that many exist', async () => {
      const names = participantNames();
      expect(names.length).toBeGreaterThan(50);
      const drafts = unapprovedParagraphs();
      expect(drafts.length).toBeGreaterThan(0);
      const goldDialogues = [...expectedDialogues('gold').values()];
      let withSeven = 0;
      for (const l of ALL) {
        const r = await quotes(service, cb.byId.get(l)!.kind === 'factor' ? { factor: l } : { theme: l });
        const available = new Set(goldDialogues.filter((d) => d.labels.has(l)).map((d) => d.hm.id)).size;
        expect(r.huvudmanAvailable).toBe(available);
        expect(r.quotes.length).toBe(Math.min(10, r.candidates));
        const hms = new Set(r.quotes.map((q) => q.huvudmanId)).size;
        expect(hms).toBe(Math.min(r.quotes.length, available));
        if (available >= 7) {
          withSeven++;
          expect(hms).toBeGreaterThanOrEqual(7);
        }
        for (const q of r.quotes) {
          checkQuote(q, names, drafts);
          // The quoted passage carries the label in the gold.
          const para = service.db.$client.prepare(`SELECT paragraph FROM passage WHERE id = ?`).pluck().get(q.passageId) as number;
          const g = gold.get(q.noteId)![para]!;
          expect([...g.factors, ...g.themes]).toContain(l);
        }
      }
      expect(withSeven).toBeGreaterThan(5);
    });

    it('for a query, through search', async () => {
      const r = await quotes(service, { query: 'elevhälsans förebyggande och hälsofrämjande arbete' });
      expect(r.quotes).toHaveLength(10);
      expect(new Set(r.quotes.map((q) => q.huvudmanId)).size).toBeGreaterThanOrEqual(7);
      for (const q of r.quotes) checkQuote(q, participantNames(), unapprovedParagraphs());
    });
  });

  it('emerging themes come from passages no label holds for', () => {
    const r = emergingThemes(service.db, { minSize: 2 });
    const goldEmpty = (pid: string) => {
      const row = service.db.$client.prepare(`SELECT note_id AS noteId, paragraph FROM passage WHERE id = ?`).get(pid) as { noteId: string; paragraph: number };
      const g = gold.get(row.noteId)![row.paragraph]!;
      return g.factors.length + g.themes.length === 0;
    };
    const all = service.db.$client.prepare(`SELECT id FROM passage`).pluck().all() as string[];
    expect(r.passages).toBe(all.length);
    expect(r.poorlyFitting).toBe(all.filter(goldEmpty).length);
    expect(r.poorlyFitting).toBeGreaterThan(0);
    for (const c of r.clusters) {
      expect(c.passageIds.every(goldEmpty)).toBe(true);
      const hms = new Set(service.db.$client.prepare(`SELECT DISTINCT n.huvudman_id FROM passage p JOIN note n ON n.id = p.note_id WHERE p.id IN (${c.passageIds.map(() => '?').join(',')})`).pluck().all(...c.passageIds));
      expect(c.huvudman).toBe(hms.size);
      expect(c.huvudman).toBeGreaterThanOrEqual(2);
    }
  });

  it('a pre-dialogue brief: earlier dialogues with evidence, similar huvudmän, lärande exempel', async () => {
    const byHm = new Map<string, number>();
    for (const d of expectedDialogues('gold').values()) byHm.set(d.hm.id, (byHm.get(d.hm.id) ?? 0) + 1);
    const id = [...byHm].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const b = await preDialogueBrief(service, id);
    expect(b.huvudman.id).toBe(id);
    expect(b.dialogues.length).toBe(byHm.get(id));
    const mine = [...expectedDialogues('gold').values()].filter((d) => d.hm.id === id);
    for (const d of b.dialogues) {
      const e = mine.find((x) => x.cykel === d.cykel && x.omgang === d.omgang)!;
      expect(new Set(d.labels.map((l) => l.label))).toEqual(e.labels);
      for (const l of d.labels) {
        expect(l.evidence.length).toBeGreaterThan(0);
        for (const ev of l.evidence) {
          const para = service.db.$client.prepare(`SELECT paragraph FROM passage WHERE id = ?`).pluck().get(ev.passageId) as number;
          const g = gold.get(ev.noteId)![para]!;
          expect([...g.factors, ...g.themes]).toContain(l.label);
        }
      }
      for (const n of d.notes) expect(fxNotes.find((x) => x.id === n.noteId)?.status).toBe('godkand');
    }
    expect(b.similar.length).toBe(5);
    expect(b.similar.every((s) => s.huvudmanId !== id)).toBe(true);
    expect(b.examples.length).toBeGreaterThan(0);
    for (const e of b.examples) {
      expect(e.huvudmanId).not.toBe(id);
      expect(fxNotes.find((x) => x.id === e.noteId)?.status).toBe('godkand');
      expect(e.cue.length).toBeGreaterThan(2);
    }
    await expect(preDialogueBrief(service, 'hm-finns-inte')).rejects.toThrow(/okänd huvudman/);
  });

  it('support targeting by factor and theme: every huvudman whose dialogues show the need, counted by region and type', async () => {
    const labels = ['kompensatoriska-insatser', 'tillganglig-larmiljo'];
    const r = await targetSupport(service, { factors: [labels[0]!], themes: [labels[1]!], limit: 100 });
    const exp = new Set([...expectedDialogues('gold').values()].filter((d) => labels.some((l) => d.labels.has(l))).map((d) => d.hm.id));
    expect(new Set(r.huvudman.map((h) => h.huvudmanId))).toEqual(exp);
    expect(r.total).toBe(exp.size);
    const regions = new Map<string, number>();
    for (const id of exp) regions.set(fxHm.get(id)!.region, (regions.get(fxHm.get(id)!.region) ?? 0) + 1);
    expect(new Map(r.byRegion.map((x) => [x.region, x.huvudman]))).toEqual(regions);
    expect(r.bySektor.reduce((s, x) => s + x.huvudman, 0)).toBe(exp.size);
    for (const h of r.huvudman) {
      expect(h.evidence.length).toBeGreaterThan(0);
      for (const e of h.evidence) {
        const para = service.db.$client.prepare(`SELECT paragraph FROM passage WHERE id = ?`).pluck().get(e.passageId) as number;
        const g = gold.get(e.noteId)![para]!;
        expect(labels.some((l) => [...g.factors, ...g.themes].includes(l))).toBe(true);
      }
    }
    // Filters as in search.
    const off = await targetSupport(service, { factors: [labels[0]!], themes: [labels[1]!], filters: { typ: 'offentlig' } });
    expect(off.huvudman.every((h) => h.sektor === 'offentlig')).toBe(true);
  });

  it('support targeting by a course description finds huvudmän with that need', async () => {
    const text =
      'Kurs om tillgängliga lärmiljöer. Kursen riktar sig till rektorer och elevhälsa som vill gå från att anpassa för enskilda elever till att göra lärmiljön tillgänglig för alla, ' +
      'också för barn och elever med funktionsnedsättning. Vi arbetar med extra anpassningar, ledning och stimulans och hur huvudmannen kan följa upp att lärmiljöerna blir mer tillgängliga.';
    const r = await targetSupport(service, { text, limit: 10 });
    expect(r.total).toBeGreaterThan(3);
    expect(r.huvudman.length).toBeGreaterThan(3);
    const need = new Set([...expectedDialogues('gold').values()].filter((d) => ['tillganglig-larmiljo', 'kompensatoriska-insatser', 'stod-och-anpassningar'].some((l) => d.labels.has(l))).map((d) => d.hm.id));
    const top5 = r.huvudman.slice(0, 5).filter((h) => need.has(h.huvudmanId)).length;
    expect(top5).toBeGreaterThanOrEqual(4);
    for (const h of r.huvudman) for (const e of h.evidence) expect(fxNotes.find((x) => x.id === e.noteId)?.status).toBe('godkand');
  });
});

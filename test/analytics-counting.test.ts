// Every figure of the counting reports recomputed here, independently of src/analytics, from label
// rows inserted into a real SQLite file: reviewed and predicted, note and passage level, positive
// and rejected, on approved notes and on drafts and withdrawn notes that must never count. Only
// the dialogue model's arithmetic (unitProbability) is shared; which evidence it reads, what a
// person's answer overrules and how the shares are counted are written out here.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeReport, cooccurrenceReport, factorReport, labelReport, themeReport } from '../src/analytics/index.js';
import { loadCodebook } from '../src/codebook/index.js';
import { closeDb, openDb, type Db } from '../src/store/db.js';
import { tempDir } from './helpers.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { defaultDecisionModels, unitProbability, type PassageEvidence } from '../src/analytics/unit-decision.js';

type Src = 'reviewed' | 'predicted';
interface L { kind: 'note' | 'passage'; target: string; note: string; label: string; source: Src; positive: boolean; score: number | null }
interface H { id: string; typ: string; size: number | null; skolformer: string[]; region: string }
interface D { id: string; hm: string; cykel: number; omgang: number }
interface N { id: string; dialog: string; hm: string; status: string; typ: string; datum: string }
interface P { id: string; note: string }

const cb = loadCodebook();
const FACTORS = cb.factors.map((f) => f.id);
const THEMES = cb.themes.map((t) => t.id);
// Labels drawn mostly from a few, so that decisions collide on the same passage and note.
const HOT = [FACTORS[0]!, FACTORS[1]!, FACTORS[2]!, FACTORS[6]!, THEMES[0]!, THEMES[1]!, THEMES[4]!];
const TYPER = ['enskild', 'enskild', 'enskild', 'kommun', 'region', 'statlig', 'kommunalforbund'];
const SKOLFORMER = ['forskola', 'forskoleklass', 'grundskola', 'gymnasieskola', 'fritidshem', 'komvux'];
const REGIONER = ['Luleå', 'Härnösand', 'Solna', 'Örebro', 'Göteborg', 'Malmö'];

const hms: H[] = [];
const dialogues: D[] = [];
const notes: N[] = [];
const passages: P[] = [];
const labels: L[] = [];

function generate(seed: number) {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (let h = 0; h < 60; h++) {
    const onlyF = r() < 0.45;
    const skolformer = onlyF ? ['forskola'] : [...new Set([pick(SKOLFORMER), pick(SKOLFORMER), pick(SKOLFORMER)])];
    const size = r() < 0.08 ? null : [10, 50, 51, 120, 500, 501, 3000][Math.floor(r() * 7)]!;
    const hm: H = { id: `hm-${h}`, typ: pick(TYPER), size, skolformer, region: pick(REGIONER) };
    hms.push(hm);
    const rounds = new Set<string>();
    const nd = 1 + Math.floor(r() * 3);
    for (let k = 0; k < nd; k++) {
      const cykel = 1 + Math.floor(r() * 2);
      const omgang = 1 + Math.floor(r() * 4);
      if (rounds.has(`${cykel}:${omgang}`)) continue;
      rounds.add(`${cykel}:${omgang}`);
      const d: D = { id: `${hm.id}-c${cykel}-o${omgang}`, hm: hm.id, cykel, omgang };
      dialogues.push(d);
      const nn = 1 + Math.floor(r() * 3);
      for (let j = 0; j < nn; j++) {
        const u = r();
        const n: N = {
          id: `${d.id}-n${j}`, dialog: d.id, hm: hm.id, status: u < 0.72 ? 'godkand' : u < 0.88 ? 'utkast' : 'aterkallad',
          typ: pick(['dialog', 'aterkoppling', 'utforardokumentation']), datum: `202${3 + Math.floor(r() * 3)}-0${1 + Math.floor(r() * 9)}-15`,
        };
        notes.push(n);
        const np = Math.floor(r() * 5); // 0..4 passages; drafts get some too, to test the guards
        const ps: P[] = [];
        for (let q = 0; q < np; q++) ps.push({ id: `${n.id}:p${q}`, note: n.id });
        passages.push(...ps);
        const seen = new Set<string>();
        const add = (l: L) => {
          const k = `${l.kind}|${l.target}|${l.label}|${l.source}`;
          if (seen.has(k)) return;
          seen.add(k);
          labels.push(l);
        };
        const nl = Math.floor(r() * 9);
        for (let x = 0; x < nl; x++) {
          const label = r() < 0.8 ? pick(HOT) : pick([...FACTORS, ...THEMES]);
          const v = r();
          const positive = r() < 0.7;
          const score = Math.round(r() * 1000) / 1000;
          if (v < 0.2) add({ kind: 'note', target: n.id, note: n.id, label, source: 'reviewed', positive, score: null });
          else if (v < 0.3) add({ kind: 'note', target: n.id, note: n.id, label, source: 'predicted', positive, score });
          else if (ps.length) {
            const p = pick(ps);
            add({ kind: 'passage', target: p.id, note: n.id, label, source: v < 0.5 ? 'reviewed' : 'predicted', positive, score: v < 0.5 ? null : score });
          }
        }
      }
    }
  }
}

function insert(db: Db) {
  const c = db.$client;
  const now = '2025-01-01T00:00:00Z';
  c.transaction(() => {
    const ih = c.prepare(`INSERT INTO huvudman (id, namn, typ, antal_barn_elever, skolformer, region, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (const h of hms) ih.run(h.id, `Huvudman ${h.id}`, h.typ, h.size, JSON.stringify(h.skolformer), h.region, now);
    const id = c.prepare(`INSERT INTO dialog (id, huvudman_id, cykel, omgang) VALUES (?, ?, ?, ?)`);
    for (const d of dialogues) id.run(d.id, d.hm, d.cykel, d.omgang);
    const inn = c.prepare(
      `INSERT INTO note (id, dialog_id, huvudman_id, typ, datum, status, deltagare_roller, text, content_hash, source_file, imported_at) VALUES (?, ?, ?, ?, ?, ?, '[]', ?, 'h', 'test', ?)`,
    );
    for (const n of notes) inn.run(n.id, n.dialog, n.hm, n.typ, n.datum, n.status, n.status === 'godkand' ? 'text' : null, now);
    const ip = c.prepare(`INSERT INTO passage (id, note_id, ord, paragraph, start, "end", text) VALUES (?, ?, ?, ?, 0, 4, 'text')`);
    passages.forEach((p, i) => ip.run(p.id, p.note, i, i));
    const il = c.prepare(
      `INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, score, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'test', ?)`,
    );
    for (const l of labels) il.run(l.kind, l.target, l.note, l.label, l.source, l.positive ? 1 : 0, l.score, now);
  })();
}

// ---- The oracle: the rules of the issue, written out directly over the flat lists ----------------

function find(kind: string, target: string, label: string, source: Src): L | undefined {
  return labels.find((l) => l.kind === kind && l.target === target && l.label === label && l.source === source);
}

interface Filter { noteTyp?: string }
function countedNotes(d: D, f: Filter = {}): N[] {
  return notes.filter((n) => n.dialog === d.id && n.status === 'godkand' && (!f.noteTyp || n.typ === f.noteTyp));
}

/**
 * What a person said of the dialogue (1: a reviewed positive somewhere in it; 0: every passage,
 * or every passage-less note, rejected), and otherwise the passages' evidence for the model.
 */
function dialogueEvidence(d: D, label: string, f: Filter = {}): { known: 0 | 1 | null; evidence: PassageEvidence[] } {
  const ns = countedNotes(d, f);
  const evidence: PassageEvidence[] = [];
  let positive = false;
  let open = 0; // passages (or passage-less notes) no person decided on
  for (const n of ns) {
    const onNote = find('note', n.id, label, 'reviewed');
    if (onNote?.positive) positive = true;
    const ps = passages.filter((p) => p.note === n.id);
    if (ps.length === 0) {
      const pred = find('note', n.id, label, 'predicted');
      if (!onNote || onNote.positive) open++;
      if (!onNote && pred) evidence.push({ score: pred.score ?? (pred.positive ? 1 : 0), predicted: pred.positive, noteTyp: n.typ });
    }
    for (const p of ps) {
      const said = find('passage', p.id, label, 'reviewed') ?? onNote;
      if (said?.positive) positive = true;
      if (said) continue;
      open++;
      const pred = find('passage', p.id, label, 'predicted');
      evidence.push({ score: pred?.score ?? 0, predicted: pred?.positive === true, noteTyp: n.typ });
    }
  }
  return { known: positive ? 1 : ns.length && open === 0 ? 0 : null, evidence };
}

const MODEL = defaultDecisionModels().dialogue.main;
/** The probability that counts for the share: a person's answer, else the dialogue model's. */
function dialogueProbability(d: D, label: string, f: Filter = {}): number {
  const e = dialogueEvidence(d, label, f);
  return e.known ?? unitProbability(MODEL, label, e.evidence);
}
/** reviewed / predicted / null: is the dialogue decided to touch the label, and on what does it rest? */
function dialogueTouch(d: D, label: string, f: Filter = {}): Src | null {
  const e = dialogueEvidence(d, label, f);
  if (e.known === 1) return 'reviewed';
  return e.known === null && unitProbability(MODEL, label, e.evidence) >= 0.5 ? 'predicted' : null;
}

function groupsOf(d: D, by: string): string[] {
  const h = hms.find((x) => x.id === d.hm)!;
  switch (by) {
    case 'alla': return ['alla'];
    case 'typ': return [h.typ === 'enskild' ? 'enskild' : 'offentlig'];
    case 'huvudmannatyp': return [h.typ];
    case 'storlek': return [h.size === null ? 'okänd' : h.size <= 50 ? '≤ 50' : h.size <= 500 ? '51–500' : '> 500'];
    case 'endast-forskola': return [h.skolformer.every((s) => s === 'forskola') ? 'endast-forskola' : 'ovriga'];
    case 'skolform': return h.skolformer;
    case 'region': return [h.region];
    case 'cykel': return [String(d.cykel)];
    case 'omgang': return [String(d.omgang)];
    case 'cykel-omgang': return [`${d.cykel}:${d.omgang}`];
  }
  throw new Error(by);
}

function expected(by: string, labelList: string[], f: Filter = {}) {
  const out = new Map<string, { dialogues: number; n: number; reviewed: number; p: number }>();
  const counted = dialogues.filter((d) => countedNotes(d, f).length > 0);
  for (const d of counted)
    for (const g of groupsOf(d, by))
      for (const l of labelList) {
        const k = `${g}|${l}`;
        const e = out.get(k) ?? { dialogues: 0, n: 0, reviewed: 0, p: 0 };
        e.n++;
        e.p += dialogueProbability(d, l, f);
        const t = dialogueTouch(d, l, f);
        if (t) e.dialogues++;
        if (t === 'reviewed') e.reviewed++;
        out.set(k, e);
      }
  return out;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

let t: ReturnType<typeof tempDir>;
let db: Db;

beforeAll(() => {
  generate(20250601);
  t = tempDir('dk-analytics-count-');
  db = openDb(join(t.dir, 'a.db'));
  insert(db);
});
afterAll(() => {
  closeDb(db);
  t.cleanup();
});

describe('factor and theme shares per dialogue', () => {
  it('the generated data exercises every rule', () => {
    expect(notes.some((n) => n.status !== 'godkand' && labels.some((l) => l.note === n.id && l.positive))).toBe(true);
    expect(labels.filter((l) => l.kind === 'note' && l.source === 'reviewed' && !l.positive).length).toBeGreaterThan(5);
    expect(labels.filter((l) => l.kind === 'passage' && l.source === 'predicted' && l.positive).length).toBeGreaterThan(20);
    const touches = dialogues.flatMap((d) => HOT.map((l) => dialogueTouch(d, l)));
    expect(touches.filter((x) => x === 'reviewed').length).toBeGreaterThan(10);
    expect(touches.filter((x) => x === 'predicted').length).toBeGreaterThan(10);
  });

  for (const by of ['alla', 'typ', 'huvudmannatyp', 'storlek', 'endast-forskola', 'skolform', 'region', 'cykel', 'omgang', 'cykel-omgang']) {
    it(`factors by ${by}: dialogues, n, share and reviewedShare in every cell`, () => {
      const rep = factorReport(db, { by });
      const exp = expected(by, FACTORS);
      expect(rep.rows.length).toBe(exp.size);
      for (const row of rep.rows) {
        const e = exp.get(`${row.group}|${row.label}`);
        expect(e, `${row.group}|${row.label}`).toBeDefined();
        expect(row.dialogues).toBe(e!.dialogues);
        expect(row.n).toBe(e!.n);
        // The share is the mean probability (reviewed answers as known), to four decimals, inside its interval.
        expect(row.share).toBeCloseTo(r4(e!.p / e!.n), 3);
        expect(row.low).toBeLessThanOrEqual(row.share);
        expect(row.high).toBeGreaterThanOrEqual(row.share);
        if (e!.dialogues === 0) expect(row.reviewedShare).toBeNull();
        else expect(row.reviewedShare).toBe(r4(e!.reviewed / e!.dialogues));
      }
    });
  }

  it('themes by typ, and the JSON shape of a row', () => {
    const rep = themeReport(db, { by: 'typ' });
    const exp = expected('typ', THEMES);
    expect(rep.report).toBe('themes');
    for (const row of rep.rows) {
      expect(Object.keys(row).sort()).toEqual(['dialogues', 'group', 'high', 'label', 'low', 'n', 'reviewedShare', 'share']);
      expect(row.dialogues).toBe(exp.get(`${row.group}|${row.label}`)!.dialogues);
    }
    expect(new Set(rep.rows.map((r) => r.group))).toEqual(new Set(['enskild', 'offentlig']));
  });

  it('n counts only dialogues with an approved note; drafts and withdrawn notes never count', () => {
    const rep = factorReport(db, {});
    const counted = dialogues.filter((d) => countedNotes(d).length > 0).length;
    expect(counted).toBeLessThan(dialogues.length);
    expect(rep.rows[0]!.n).toBe(counted);
    expect(rep.totals.dialogues).toBe(counted);
  });

  it('note type filter chooses the notes that count', () => {
    const rep = labelReport(db, 'factor', { by: 'typ', filters: { noteTyp: 'dialog' } });
    const exp = expected('typ', FACTORS, { noteTyp: 'dialog' });
    expect(rep.rows.length).toBe(exp.size);
    for (const row of rep.rows) expect([row.dialogues, row.n]).toEqual([exp.get(`${row.group}|${row.label}`)!.dialogues, exp.get(`${row.group}|${row.label}`)!.n]);
  });

  it('huvudman filters choose the dialogues', () => {
    const rep = factorReport(db, { by: 'huvudmannatyp', filters: { typ: 'offentlig' } });
    expect(rep.rows.every((r) => r.group !== 'enskild')).toBe(true);
    const exp = expected('huvudmannatyp', FACTORS);
    for (const row of rep.rows) expect(row.dialogues).toBe(exp.get(`${row.group}|${row.label}`)!.dialogues);
  });

  it('several dimensions at once give every combination', () => {
    const rep = factorReport(db, { by: 'typ,cykel' });
    for (const row of rep.rows) {
      const [typ, cykel] = row.group.split(' / ');
      const ds = dialogues.filter((d) => countedNotes(d).length && groupsOf(d, 'typ')[0] === typ && String(d.cykel) === cykel);
      expect(row.n).toBe(ds.length);
      expect(row.dialogues).toBe(ds.filter((d) => dialogueTouch(d, row.label)).length);
    }
  });
});

describe('co-occurrence and change', () => {
  it('pairs of factors in the same dialogue', () => {
    const rep = cooccurrenceReport(db, 'factor');
    const counted = dialogues.filter((d) => countedNotes(d).length > 0);
    expect(rep.rows.length).toBe((FACTORS.length * (FACTORS.length - 1)) / 2);
    for (const row of rep.rows) {
      const a = counted.filter((d) => dialogueTouch(d, row.a));
      const both = a.filter((d) => dialogueTouch(d, row.b)).length;
      const b = counted.filter((d) => dialogueTouch(d, row.b)).length;
      expect([row.both, row.dialoguesA, row.dialoguesB, row.n]).toEqual([both, a.length, b, counted.length]);
      if (a.length) expect(row.shareOfA).toBe(r4(both / a.length));
      if (a.length && b) expect(row.lift).toBe(r4((both * counted.length) / (a.length * b)));
    }
    expect(rep.rows.some((r) => r.both > 0)).toBe(true);
  });

  it('change between cycles, per typ', () => {
    const rep = changeReport(db, 'factor', { period: 'cykel', by: 'typ' });
    for (const row of rep.rows) {
      const share = (c: string) => {
        const ds = dialogues.filter((d) => countedNotes(d).length && groupsOf(d, 'typ')[0] === row.group && String(d.cykel) === c);
        return { n: ds.length, k: ds.filter((d) => dialogueTouch(d, row.label)).length, p: ds.reduce((a, d) => a + dialogueProbability(d, row.label), 0) };
      };
      const now = share(row.period);
      expect([row.dialogues, row.n]).toEqual([now.k, now.n]);
      if (row.previous === null) expect(row.period).toBe('1');
      else {
        // The change between the estimated shares, in points.
        const prev = share(row.previous);
        expect(row.changePoints!).toBeCloseTo((now.p / now.n - prev.p / prev.n) * 100, 0);
      }
    }
    expect(rep.rows.some((r) => r.previous === '1' && r.period === '2')).toBe(true);
  });
});

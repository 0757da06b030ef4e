// Support targeting: which huvudmän need what a support offer gives. The offer is a free text
// (e.g. a course description: searched sentence by sentence, the lists fused) and/or chosen
// factors and themes (dialogues whose approved notes touch them). Huvudmän are ranked, each with
// evidence passages, and counted by region and huvudman type; filters as in search.
import { searchFiltersSchema, type SearchFilters } from '../search/filters.js';
import { reciprocalRankFusion } from '../search/fusion.js';
import { splitSentences } from '../text/sentences.js';
import { analyticsCues, findCue, words } from './cues.js';
import { loadDataset, type Dataset } from './dataset.js';
import { evidenceScore } from './evidence.js';
import { labelKind } from './labels.js';
import { loadPassageTexts, type PassageText } from './load.js';
import { shownText } from './shown-text.js';
import type { AnalyticsContext } from './types.js';

export interface TargetRequest {
  text?: string;
  factors?: string[];
  themes?: string[];
  filters?: SearchFilters;
  /** Huvudmän listed (default 20); the counts cover every huvudman found. */
  limit?: number;
  /** Evidence passages per huvudman (default 3). */
  evidence?: number;
  mode?: 'hybrid' | 'lexical' | 'vector';
  dataset?: Dataset;
}

export interface TargetEvidence {
  passageId: string;
  noteId: string;
  text: string;
  labels: string[];
  via: 'etikett' | 'text' | 'bada';
}

export interface TargetHuvudman {
  rank: number;
  huvudmanId: string;
  namn: string;
  typ: string;
  sektor: 'enskild' | 'offentlig';
  region: string;
  kommun: string | null;
  antalBarnElever: number | null;
  skolformer: string[];
  score: number;
  /** Mean over the chosen labels of the share of the huvudman's dialogues touching it (null without labels). */
  labelScore: number | null;
  /** Relative strength of its passages among the text's search hits (null without text). */
  textScore: number | null;
  /** Chosen labels its dialogues touch. */
  matchedLabels: string[];
  /** Its counted dialogues, and those touching a chosen label. */
  dialogues: number;
  dialoguesWithNeed: number;
  evidence: TargetEvidence[];
}

export interface TargetReport {
  report: 'target';
  request: { text?: string; labels: string[]; filters: SearchFilters; limit: number };
  /** Labels most of the text's best hits carry (they lift hits that carry them). */
  inferredLabels: string[];
  /** Huvudmän found. */
  total: number;
  byRegion: { region: string; huvudman: number }[];
  byTyp: { typ: string; huvudman: number }[];
  bySektor: { sektor: string; huvudman: number }[];
  huvudman: TargetHuvudman[];
}

/** The offer text as search queries: whole when short, else sentence groups of about 250 characters. */
export function offerQueries(text: string, max = 8): string[] {
  const t = text.trim();
  if (t.length <= 300) return t ? [t] : [];
  const out: string[] = [];
  let cur = '';
  for (const s of splitSentences(t)) {
    const sentence = t.slice(s.start, s.end);
    if (cur && cur.length + sentence.length > 250) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? `${cur} ${sentence}` : sentence;
  }
  if (cur) out.push(cur);
  return out.slice(0, max).map((q) => q.slice(0, 2000));
}

const countBy = <K extends string>(items: string[], key: K) =>
  [...items.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'sv'))
    .map(([v, n]) => ({ [key]: v, huvudman: n }) as Record<K, string> & { huvudman: number });

export async function targetSupport(ctx: AnalyticsContext, req: TargetRequest): Promise<TargetReport> {
  const labels = [...(req.factors ?? []), ...(req.themes ?? [])];
  for (const l of req.factors ?? []) if (labelKind(l) !== 'factor') throw new Error(`okänd framgångsfaktor "${l}"`);
  for (const l of req.themes ?? []) if (labelKind(l) !== 'theme') throw new Error(`okänt tema "${l}"`);
  const text = req.text?.trim() ?? '';
  if (!text && !labels.length) throw new Error('beskriv stödet med en text eller välj framgångsfaktorer eller teman');
  const limit = Math.max(1, req.limit ?? 20);
  const perHm = req.evidence ?? 3;
  const { factor: _f, theme: _t, ...filters } = searchFiltersSchema.parse(req.filters ?? {});
  const ds = req.dataset ?? loadDataset(ctx.db, filters);

  const dialoguesOf = new Map<string, number>();
  const withNeed = new Map<string, number>();
  const matched = new Map<string, Set<string>>();
  const labelShare = new Map<string, number>();
  for (const d of ds.dialogues) {
    const id = d.huvudman.id;
    dialoguesOf.set(id, (dialoguesOf.get(id) ?? 0) + 1);
    const hit = labels.filter((l) => d.labels.has(l));
    if (!hit.length) continue;
    withNeed.set(id, (withNeed.get(id) ?? 0) + 1);
    const m = matched.get(id) ?? matched.set(id, new Set()).get(id)!;
    for (const l of hit) m.add(l);
    for (const l of hit) labelShare.set(id + '\u0000' + l, (labelShare.get(id + '\u0000' + l) ?? 0) + 1);
  }
  const labelScore = new Map<string, number>();
  for (const id of matched.keys()) {
    const n = dialoguesOf.get(id)!;
    labelScore.set(id, labels.reduce((s, l) => s + (labelShare.get(id + '\u0000' + l) ?? 0) / n, 0) / labels.length);
  }

  // Text: search each part of the offer, fuse, and weigh each passage as evidence of a need.
  const countedNotes = new Set(ds.dialogues.flatMap((d) => d.noteIds));
  const passageScore = new Map<string, number>();
  let textTexts = new Map<string, PassageText>();
  let inferred: string[] = [];
  if (text) {
    if (!ctx.searcher) throw new Error('målgruppsurval på text kräver sökfunktionen (ingen söktjänst given)');
    const mode = req.mode ?? (ctx.embedder && ctx.vectors ? 'hybrid' : 'lexical');
    const lists: string[][] = [];
    for (const q of offerQueries(text)) {
      const { hits } = await ctx.searcher.search({ query: q, limit: 100, mode, filters });
      lists.push(hits.map((h) => h.passageId));
    }
    const ids = [...new Set(lists.flat())];
    const num = new Map(ids.map((id, i) => [id, i]));
    const fused = reciprocalRankFusion(lists.map((l) => l.map((id) => num.get(id)!)));
    textTexts = loadPassageTexts(ctx.db, ids);
    const ranked = [...fused].sort((a, b) => b[1] - a[1]).map(([i, s]) => [ids[i]!, s] as const).filter(([id]) => {
      const t = textTexts.get(id);
      return t && countedNotes.has(t.noteId);
    });
    const top = ranked.slice(0, 30);
    const labelCount = new Map<string, number>();
    for (const [id] of top) for (const l of ds.decisions.passages.get(id)?.keys() ?? []) labelCount.set(l, (labelCount.get(l) ?? 0) + 1);
    inferred = [...labelCount].filter(([, n]) => n >= 3 && n >= 0.3 * top.length).sort((a, b) => b[1] - a[1]).map(([l]) => l);
    const lift = new Set([...labels, ...inferred]);
    const cues = analyticsCues();
    for (const [id, s] of ranked) {
      const ws = words(textTexts.get(id)!.text);
      let w = s;
      if ([...(ds.decisions.passages.get(id)?.keys() ?? [])].some((l) => lift.has(l))) w *= 1.3;
      // "X fungerar bra" is a strength, not a need.
      if (findCue(ws, cues.larandeExempel) && !findCue(ws, cues.need)) w *= 0.5;
      passageScore.set(id, w);
    }
  }
  const textByHm = new Map<string, { id: string; s: number }[]>();
  for (const [id, s] of passageScore) {
    const hm = textTexts.get(id)!.huvudmanId;
    (textByHm.get(hm) ?? textByHm.set(hm, []).get(hm)!).push({ id, s });
  }
  const textRaw = new Map<string, number>();
  for (const [hm, list] of textByHm) {
    list.sort((a, b) => b.s - a.s);
    textRaw.set(hm, list.slice(0, 3).reduce((s, x) => s + x.s, 0));
  }
  const maxText = Math.max(0, ...textRaw.values());

  const ids = new Set([...labelScore.keys(), ...textRaw.keys()]);
  const scored = [...ids].map((id) => {
    const ls = labels.length ? (labelScore.get(id) ?? 0) : null;
    const ts = text ? (maxText > 0 ? (textRaw.get(id) ?? 0) / maxText : 0) : null;
    const parts = [ls, ts].filter((x): x is number => x !== null);
    return { id, ls, ts, score: parts.reduce((a, b) => a + b, 0) / parts.length };
  });
  scored.sort((a, b) => b.score - a.score || (withNeed.get(b.id) ?? 0) - (withNeed.get(a.id) ?? 0) || (b.ts ?? 0) - (a.ts ?? 0) || a.id.localeCompare(b.id));
  const found = scored.filter((s) => s.score > 0 && ds.raw.huvudman.has(s.id));

  // Evidence for the listed huvudmän only: their passages carrying a chosen label, and their text hits.
  const shown = found.slice(0, limit);
  const shownIds = new Set(shown.map((s) => s.id));
  const labelPassages = new Map<string, string[]>();
  if (labels.length)
    for (const d of ds.dialogues) {
      if (!shownIds.has(d.huvudman.id)) continue;
      for (const nid of d.noteIds)
        for (const pid of ds.raw.notes.get(nid)?.passageIds ?? []) {
          const pl = ds.decisions.passages.get(pid);
          if (pl && labels.some((l) => pl.has(l))) (labelPassages.get(d.huvudman.id) ?? labelPassages.set(d.huvudman.id, []).get(d.huvudman.id)!).push(pid);
        }
    }
  const labelTexts = loadPassageTexts(ctx.db, [...labelPassages.values()].flat());

  const huvudman: TargetHuvudman[] = shown.map((s, i) => {
    const h = ds.raw.huvudman.get(s.id)!;
    const ev = new Map<string, { score: number; via: TargetEvidence['via']; t: PassageText }>();
    for (const pid of labelPassages.get(s.id) ?? []) {
      const t = labelTexts.get(pid)!;
      const pl = ds.decisions.passages.get(pid)!;
      const best = Math.max(...labels.filter((l) => pl.has(l)).map((l) => evidenceScore(t.text, l, pl.get(l))));
      ev.set(pid, { score: best, via: 'etikett', t });
    }
    const tl = textByHm.get(s.id) ?? [];
    const tmax = tl[0]?.s ?? 1;
    for (const { id, s: sc } of tl.slice(0, perHm * 2)) {
      const prev = ev.get(id);
      const v = 0.5 + 0.5 * (sc / tmax);
      ev.set(id, prev ? { score: prev.score + v, via: 'bada', t: prev.t } : { score: v, via: 'text', t: textTexts.get(id)! });
    }
    const evidence = [...ev.entries()]
      .sort((a, b) => b[1].score - a[1].score)
      .slice(0, perHm)
      .map(([pid, e]) => ({ passageId: pid, noteId: e.t.noteId, text: shownText(e.t.text), labels: [...(ds.decisions.passages.get(pid)?.keys() ?? [])], via: e.via }));
    const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
    return {
      rank: i + 1, huvudmanId: h.id, namn: h.namn, typ: h.typ, sektor: h.sektor, region: h.region, kommun: h.kommun, antalBarnElever: h.size, skolformer: h.skolformer,
      score: r3(s.score)!, labelScore: r3(s.ls), textScore: r3(s.ts), matchedLabels: labels.filter((l) => matched.get(s.id)?.has(l)),
      dialogues: dialoguesOf.get(s.id) ?? 0, dialoguesWithNeed: withNeed.get(s.id) ?? 0, evidence,
    };
  });

  const foundHm = found.map((s) => ds.raw.huvudman.get(s.id)!);
  return {
    report: 'target',
    request: { ...(text ? { text } : {}), labels, filters, limit },
    inferredLabels: inferred,
    total: found.length,
    byRegion: countBy(foundHm.map((h) => h.region), 'region'),
    byTyp: countBy(foundHm.map((h) => h.typ), 'typ'),
    bySektor: countBy(foundHm.map((h) => h.sektor), 'sektor'),
    huvudman,
  };
}

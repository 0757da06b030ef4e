// The pre-dialogue brief for one huvudman: its structure; its earlier dialogues with the factors
// and themes that came up and the passages that show them; its similar huvudmän and what came up
// with them; and lärande exempel — passages where a similar huvudman (or, through search, another
// one with the same need) describes something that worked. Approved notes only.
import { isOnlyForskola } from '../search/filters.js';
import { similarHuvudman, sizeClass } from '../search/similar.js';
import { catalogView } from './catalog-view.js';
import { analyticsCues, findCueWeighted } from './cues.js';
import { loadDataset, type Dataset } from './dataset.js';
import { evidenceScore } from './evidence.js';
import { labelKind, labelName } from './labels.js';
import { loadPassagesOfHuvudman, loadPassageTexts, type PassageText } from './load.js';
import { quoteQuality } from './quality.js';
import { shownText } from './shown-text.js';
import { spreadOverHuvudman } from './spread.js';
import type { AnalyticsContext, Basis, DialogueRecord } from './types.js';

export interface BriefOptions {
  /** Similar huvudmän to show (default 5). */
  similar?: number;
  /** Evidence passages per label and dialogue (default 2). */
  evidencePerLabel?: number;
  /** Lärande exempel (default 6). */
  examples?: number;
  dataset?: Dataset;
}

export interface EvidencePassage {
  passageId: string;
  noteId: string;
  text: string;
}

export interface BriefLabel {
  label: string;
  kind: 'factor' | 'theme';
  name: string;
  basis: Basis;
  evidence: EvidencePassage[];
}

export interface BriefDialogue {
  dialogId: string;
  cykel: number;
  omgang: number;
  notes: { noteId: string; typ: string; datum: string }[];
  labels: BriefLabel[];
}

export interface LabelSummary {
  label: string;
  kind: 'factor' | 'theme';
  name: string;
  /** Dialogues (of this huvudman) touching it. */
  dialogues: number;
  /** reviewed when at least one of those rests on a reviewed label. */
  basis: Basis;
}

export interface BriefSimilar {
  huvudmanId: string;
  namn: string;
  score: number;
  why: string;
  typ: string;
  region: string;
  storlek: number | null;
  skolformer: string[];
  labels: LabelSummary[];
  evidence: (EvidencePassage & { label: string })[];
}

export interface LearningExample {
  passageId: string;
  noteId: string;
  huvudmanId: string;
  text: string;
  /** The cue phrase that marks it as something that worked. */
  cue: string;
  labels: string[];
  /** Labels of the passage that are also needs of the huvudman the brief is for. */
  matchedNeeds: string[];
  via: 'liknande-huvudman' | 'sokning';
  score: number;
}

export interface Brief {
  report: 'brief';
  huvudman: {
    id: string;
    namn: string;
    typ: string;
    sektor: 'enskild' | 'offentlig';
    antalBarnElever: number | null;
    storleksklass: string | null;
    skolformer: string[];
    endastForskola: boolean;
    region: string;
    kommun: string | null;
  };
  /** Factors and themes over all its earlier dialogues, most frequent first. */
  needs: LabelSummary[];
  dialogues: BriefDialogue[];
  similar: BriefSimilar[];
  examples: LearningExample[];
}

function summarize(dialogues: DialogueRecord[]): LabelSummary[] {
  const count = new Map<string, { n: number; reviewed: boolean }>();
  for (const d of dialogues)
    for (const [l, b] of d.labels) {
      const c = count.get(l) ?? count.set(l, { n: 0, reviewed: false }).get(l)!;
      c.n++;
      if (b === 'reviewed') c.reviewed = true;
    }
  return [...count]
    .filter(([l]) => labelKind(l))
    .map(([label, c]) => ({ label, kind: labelKind(label)!, name: labelName(label), dialogues: c.n, basis: (c.reviewed ? 'reviewed' : 'predicted') as Basis }))
    .sort((a, b) => b.dialogues - a.dialogues || (a.kind === b.kind ? 0 : a.kind === 'factor' ? -1 : 1) || a.label.localeCompare(b.label));
}

/** Best passages of some notes for a label. */
function evidenceFor(ds: Dataset, noteIds: string[], label: string, texts: Map<string, PassageText>, limit: number): EvidencePassage[] {
  const cands = noteIds.flatMap((nid) =>
    (ds.raw.notes.get(nid)?.passageIds ?? []).flatMap((pid) => {
      const dec = ds.decisions.passages.get(pid)?.get(label);
      const t = texts.get(pid);
      return dec && t ? [{ passageId: pid, noteId: nid, text: t.text, score: evidenceScore(t.text, label, dec) }] : [];
    }),
  );
  return cands
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ passageId, noteId, text }) => ({ passageId, noteId, text: shownText(text) }));
}

export async function preDialogueBrief(ctx: AnalyticsContext, huvudmanId: string, opts: BriefOptions = {}): Promise<Brief> {
  const ds = opts.dataset ?? loadDataset(ctx.db);
  const h = ds.raw.huvudman.get(huvudmanId);
  if (!h) throw new Error(`okänd huvudman "${huvudmanId}"`);
  const perLabel = opts.evidencePerLabel ?? 2;
  const dialoguesOf = (id: string) => ds.dialogues.filter((d) => d.huvudman.id === id).sort((a, b) => a.cykel - b.cykel || a.omgang - b.omgang);

  const own = dialoguesOf(huvudmanId);
  const ownTexts = new Map(loadPassagesOfHuvudman(ctx.db, [huvudmanId]).map((p) => [p.id, p]));
  const dialogues: BriefDialogue[] = own.map((d) => ({
    dialogId: d.id,
    cykel: d.cykel,
    omgang: d.omgang,
    notes: d.noteIds.map((id) => ds.raw.notes.get(id)!).sort((a, b) => a.datum.localeCompare(b.datum)).map((n) => ({ noteId: n.id, typ: n.typ, datum: n.datum })),
    labels: summarize([d]).map((s) => ({ label: s.label, kind: s.kind, name: s.name, basis: d.labels.get(s.label)!, evidence: evidenceFor(ds, d.noteIds, s.label, ownTexts, perLabel) })),
  }));
  const needs = summarize(own);
  const needSet = new Set(needs.map((n) => n.label));

  // Similar huvudmän (structure, needs, text) and what came up with them.
  const catalog = catalogView(ds);
  const simCount = opts.similar ?? 5;
  const sims = similarHuvudman(ctx.db, catalog, ctx.vectors ?? null, huvudmanId, Math.max(simCount, 10));
  const simTexts = new Map(loadPassagesOfHuvudman(ctx.db, sims.map((s) => s.huvudmanId)).map((p) => [p.id, p]));
  const similar: BriefSimilar[] = sims.slice(0, simCount).map((s) => {
    const other = ds.raw.huvudman.get(s.huvudmanId)!;
    const ds2 = dialoguesOf(s.huvudmanId);
    const labels = summarize(ds2);
    const noteIds = ds2.flatMap((d) => d.noteIds);
    // Evidence first for the needs they share with this huvudman.
    const shown = [...labels].sort((a, b) => Number(needSet.has(b.label)) - Number(needSet.has(a.label)) || b.dialogues - a.dialogues).slice(0, 3);
    return {
      huvudmanId: s.huvudmanId, namn: s.namn, score: s.score, why: s.why, typ: other.typ, region: other.region, storlek: other.size, skolformer: other.skolformer,
      labels,
      evidence: shown.flatMap((l) => evidenceFor(ds, noteIds, l.label, simTexts, 1).map((e) => ({ ...e, label: l.label }))),
    };
  });

  // Lärande exempel: what worked, with similar huvudmän first, then (through search) with others
  // who had the same needs.
  const cues = analyticsCues().larandeExempel;
  const simScore = new Map(sims.map((s) => [s.huvudmanId, s.score]));
  const candidates: LearningExample[] = [];
  const consider = (p: PassageText, via: LearningExample['via'], base: number) => {
    if (p.huvudmanId === huvudmanId) return;
    const found = findCueWeighted(p.text, cues);
    if (!found) return;
    const cue = found.phrase;
    const labels = [...(ds.decisions.passages.get(p.id)?.keys() ?? [])];
    const matchedNeeds = labels.filter((l) => needSet.has(l));
    const score = base + 0.3 * Math.min(1, matchedNeeds.length / 2) + 0.2 * quoteQuality(p.text) + 0.2 * found.weight;
    candidates.push({ passageId: p.id, noteId: p.noteId, huvudmanId: p.huvudmanId, text: p.text, cue, labels, matchedNeeds, via, score: Math.round(score * 1000) / 1000 });
  };
  for (const p of simTexts.values()) consider(p, 'liknande-huvudman', 0.45 * (simScore.get(p.huvudmanId) ?? 0));
  if (ctx.searcher) {
    const seen = new Set(candidates.map((c) => c.passageId));
    const mode = ctx.embedder && ctx.vectors ? 'hybrid' : 'lexical';
    for (const need of needs.slice(0, 3)) {
      const filters = need.kind === 'factor' ? { factor: need.label } : { theme: need.label };
      const { hits } = await ctx.searcher.search({ query: `${need.name}: det har fungerat bra, goda erfarenheter, vi har lyckats`, limit: 50, mode, filters });
      const texts = loadPassageTexts(ctx.db, hits.map((x) => x.passageId).filter((id) => !seen.has(id)));
      for (const p of texts.values()) {
        seen.add(p.id);
        consider(p, 'sokning', 0.15);
      }
    }
  }
  const examples = spreadOverHuvudman(candidates, opts.examples ?? 6).map((e) => ({ ...e, text: shownText(e.text) }));

  return {
    report: 'brief',
    huvudman: {
      id: h.id, namn: h.namn, typ: h.typ, sektor: h.sektor, antalBarnElever: h.size, storleksklass: sizeClass(h.size), skolformer: h.skolformer,
      endastForskola: isOnlyForskola(h.skolformer), region: h.region, kommun: h.kommun,
    },
    needs,
    dialogues,
    similar,
    examples,
  };
}

// Follow-ups due (from 2026, an uppföljande möte about six months after the återkoppling): the
// huvudmän whose latest approved återkoppling falls in a window (default 5–7 months before today),
// each with the prioritised question of its dialogue, its needs with evidence (the dialogue-level
// decision of #13), what the återkoppling said had happened since, and similar huvudmän that have
// worked on the same needs. Built on the pre-dialogue brief; sorted by the återkoppling's date.
import { preDialogueBrief, type BriefLabel, type EvidencePassage } from './brief.js';
import { loadDataset, type Dataset } from './dataset.js';
import { loadPassagesOfHuvudman } from './load.js';
import { shownText } from './shown-text.js';
import type { AnalyticsContext } from './types.js';

export interface FollowupRequest {
  /** Only these regions (default: all). */
  regions?: string[];
  /** The window of återkoppling dates, inclusive (YYYY-MM-DD); default 7 to 5 months before `today`. */
  from?: string;
  to?: string;
  today?: string;
  dataset?: Dataset;
}

export interface FollowupSimilar {
  huvudmanId: string;
  namn: string;
  /** The needs it shares with the huvudman (names). */
  sharedNeeds: string[];
  evidence: (EvidencePassage & { label: string })[];
}

export interface Followup {
  huvudmanId: string;
  namn: string;
  typ: string;
  region: string;
  kommun: string | null;
  aterkoppling: { noteId: string; datum: string };
  dialogId: string;
  /** The dialogue's prioritised question, where a passage names one. */
  prioritisedQuestion: EvidencePassage | null;
  needs: BriefLabel[];
  /** What the återkoppling note says (its passages, redacted as shown everywhere). */
  sinceDialogue: EvidencePassage[];
  similar: FollowupSimilar[];
}

export interface FollowupReport {
  report: 'followups';
  window: { from: string; to: string };
  regions: string[] | null;
  followups: Followup[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A passage that states the prioritised question of a dialogue. */
const PRIORITISED = /prioriter\p{L}*\s+(?:fråg|utvecklingsområd|område)|fokusområde|valde (?:att )?(?:fokusera|prioritera)/iu;

/** `date` moved by whole months (clamped to the month's last day), as YYYY-MM-DD. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export async function followupsDue(ctx: AnalyticsContext, req: FollowupRequest = {}): Promise<FollowupReport> {
  const today = req.today ?? new Date().toISOString().slice(0, 10);
  for (const [name, v] of [['today', today], ['from', req.from], ['to', req.to]] as const)
    if (v !== undefined && !DATE.test(v)) throw new Error(`${name === 'today' ? 'dagens datum' : name === 'from' ? 'från-datum' : 'till-datum'} ska skrivas ÅÅÅÅ-MM-DD, fick "${v}"`);
  const from = req.from ?? addMonths(today, -7);
  const to = req.to ?? addMonths(today, -5);
  if (from > to) throw new Error(`fönstret är tomt: från ${from} är efter till ${to}`);
  const regions = req.regions?.length ? req.regions : null;
  const ds = req.dataset ?? loadDataset(ctx.db);

  // The latest approved återkoppling of each huvudman, if it falls in the window.
  const latest = new Map<string, { noteId: string; datum: string; dialogId: string }>();
  for (const n of ds.raw.notes.values()) {
    if (n.typ !== 'aterkoppling') continue;
    const prev = latest.get(n.huvudmanId);
    if (!prev || n.datum > prev.datum) latest.set(n.huvudmanId, { noteId: n.id, datum: n.datum, dialogId: n.dialogId });
  }
  const due = [...latest]
    .filter(([hm, a]) => a.datum >= from && a.datum <= to && (!regions || regions.includes(ds.raw.huvudman.get(hm)?.region ?? '')))
    .sort(([ha, a], [hb, b]) => a.datum.localeCompare(b.datum) || ha.localeCompare(hb));

  const followups: Followup[] = [];
  for (const [huvudmanId, a] of due) {
    const h = ds.raw.huvudman.get(huvudmanId)!;
    const brief = await preDialogueBrief(ctx, huvudmanId, { dataset: ds, examples: 0 });
    const dialogue = brief.dialogues.find((d) => d.dialogId === a.dialogId);
    const needs = dialogue?.labels ?? [];
    const texts = loadPassagesOfHuvudman(ctx.db, [huvudmanId]);
    const dialogueNotes = new Set(ds.raw.dialogues.has(a.dialogId) ? [...ds.raw.notes.values()].filter((n) => n.dialogId === a.dialogId).map((n) => n.id) : []);
    const prio = texts.find((p) => dialogueNotes.has(p.noteId) && PRIORITISED.test(p.text));
    const needNames = new Map(needs.map((n) => [n.label, n.name]));
    followups.push({
      huvudmanId, namn: h.namn, typ: h.typ, region: h.region, kommun: h.kommun,
      aterkoppling: { noteId: a.noteId, datum: a.datum },
      dialogId: a.dialogId,
      prioritisedQuestion: prio ? { passageId: prio.id, noteId: prio.noteId, text: shownText(prio.text) } : null,
      needs,
      // What the återkoppling says about the needs: its passages that carry a label (the meeting's
      // logistics, who took part and how, carry none).
      sinceDialogue: texts
        .filter((p) => p.noteId === a.noteId && (ds.decisions.passages.get(p.id)?.size ?? 0) > 0)
        .map((p) => ({ passageId: p.id, noteId: p.noteId, text: shownText(p.text) })),
      similar: brief.similar
        .map((s) => ({ s, shared: s.labels.filter((l) => needNames.has(l.label)) }))
        .filter(({ shared }) => shared.length > 0)
        .map(({ s, shared }) => ({ huvudmanId: s.huvudmanId, namn: s.namn, sharedNeeds: shared.map((l) => l.name), evidence: s.evidence.filter((e) => needNames.has(e.label)) })),
    });
  }
  return { report: 'followups', window: { from, to }, regions, followups };
}

// The dialogues the reports count: approved notes only, under the same filters as search, each
// dialogue with the labels it touches (the dialogue-level decision) and every label's estimate.
// buildDataset is pure; loadDataset reads the store.
import { isOnlyForskola, searchFiltersSchema, type SearchFilters } from '../search/filters.js';
import type { Db } from '../store/db.js';
import { decideAll, labelsFromEstimates, type Decisions } from './effective.js';
import { defaultDecisionModels, estimateLabels, type DecisionModels } from './unit-decision.js';
import { unitEvidence } from './unit-evidence.js';
import { loadRaw } from './load.js';
import type { DialogueRecord, HuvudmanInfo, NoteInfo, RawData } from './types.js';

export interface Dataset {
  raw: RawData;
  decisions: Decisions;
  /** Counted dialogues (at least one counted note), in id order. */
  dialogues: DialogueRecord[];
  filters: SearchFilters;
}

export function huvudmanMatches(h: HuvudmanInfo, f: SearchFilters): boolean {
  if (f.typ !== undefined && (f.typ === 'offentlig' ? h.sektor !== 'offentlig' : h.typ !== f.typ)) return false;
  if (f.skolform !== undefined && !h.skolformer.includes(f.skolform)) return false;
  if (f.endastForskola !== undefined && isOnlyForskola(h.skolformer) !== f.endastForskola) return false;
  if (f.region !== undefined && h.region !== f.region) return false;
  if (f.minStorlek !== undefined && (h.size === null || h.size < f.minStorlek)) return false;
  if (f.maxStorlek !== undefined && (h.size === null || h.size > f.maxStorlek)) return false;
  if (f.huvudmanId !== undefined && h.id !== f.huvudmanId) return false;
  return true;
}

export function noteMatches(n: Pick<NoteInfo, 'typ' | 'datum'>, f: SearchFilters): boolean {
  if (f.noteTyp !== undefined && n.typ !== f.noteTyp) return false;
  if (f.franDatum !== undefined && n.datum < f.franDatum) return false;
  if (f.tillDatum !== undefined && n.datum > f.tillDatum) return false;
  return true;
}

export function buildDataset(raw: RawData, decisions: Decisions, filters: SearchFilters = {}, models: DecisionModels = defaultDecisionModels()): Dataset {
  const notesByDialogue = new Map<string, string[]>();
  for (const n of raw.notes.values()) {
    if (!noteMatches(n, filters)) continue;
    (notesByDialogue.get(n.dialogId) ?? notesByDialogue.set(n.dialogId, []).get(n.dialogId)!).push(n.id);
  }
  const dialogues: DialogueRecord[] = [];
  for (const d of [...raw.dialogues.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const h = raw.huvudman.get(d.huvudmanId);
    const noteIds = notesByDialogue.get(d.id);
    if (!h || !noteIds?.length || !huvudmanMatches(h, filters)) continue;
    if (filters.cykel !== undefined && d.cykel !== filters.cykel) continue;
    if (filters.omgang !== undefined && d.omgang !== filters.omgang) continue;
    noteIds.sort();
    // The dialogue-level decision over the counted notes: one decision for every report.
    const notes = noteIds.map((id) => raw.notes.get(id)!);
    const estimates = estimateLabels(models.dialogue, unitEvidence(notes, (i) => raw.labels.get(notes[i]!.id) ?? [], models.dialogue.main.labels));
    const labels = labelsFromEstimates(estimates);
    if (filters.factor !== undefined && !labels.has(filters.factor)) continue;
    if (filters.theme !== undefined && !labels.has(filters.theme)) continue;
    dialogues.push({ id: d.id, huvudman: h, cykel: d.cykel, omgang: d.omgang, noteIds, labels, estimates });
  }
  return { raw, decisions, dialogues, filters };
}

/** Reads approved notes and labels and builds the counted dialogues; filters are validated. */
export function loadDataset(db: Db, filters: SearchFilters = {}): Dataset {
  const f = searchFiltersSchema.parse(filters);
  const raw = loadRaw(db);
  const models = defaultDecisionModels();
  return buildDataset(raw, decideAll(raw, models), f, models);
}

/**
 * The labels that hold for each passage under the one decision: the passage's own effective label,
 * where its note and its dialogue are both decided to carry it. What search filters read.
 */
export function decidedPassageLabels(ds: Dataset): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of ds.dialogues)
    for (const noteId of d.noteIds) {
      const note = ds.decisions.notes.get(noteId);
      for (const pid of ds.raw.notes.get(noteId)?.passageIds ?? []) {
        const own = ds.decisions.passages.get(pid);
        if (own && note) out.set(pid, new Set([...own.keys()].filter((l) => note.has(l) && d.labels.has(l))));
      }
    }
  return out;
}

/** The decided passage labels of the whole store (the search catalog's label source). */
export function loadDecidedPassageLabels(db: Db): Map<string, Set<string>> {
  const raw = loadRaw(db);
  const models = defaultDecisionModels();
  // Decisions only: the bootstrap refits matter for intervals, not here.
  const mainOnly = { ...models, dialogue: { ...models.dialogue, boot: [] } };
  return decidedPassageLabels(buildDataset(raw, decideAll(raw, models), {}, mainOnly));
}

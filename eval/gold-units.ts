// The fixture gold lifted to notes and dialogues, with the out-of-fold passage scores that
// eval:classify dumps (`--dump FILE`). Shared by eval:shares, which measures the unit decisions
// and the share estimates, and by scripts/decision/train.ts, which fits the shipped default.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { trainUnitDecision, type PassageEvidence, type UnitDecisionModel } from '../src/analytics/unit-decision.js';
import { loadCodebook } from '../src/codebook/index.js';
import { listImportFiles } from '../src/ingest/ingest.js';
import { readSource } from '../src/ingest/read-source.js';
import { projectRoot } from '../src/store/db.js';

const dumpSchema = z.array(z.object({ key: z.string(), gold: z.array(z.string()), pred: z.array(z.string()), scores: z.record(z.string(), z.number()) }));
export type DumpParagraph = z.output<typeof dumpSchema>[number];

export const loadDump = (file: string): DumpParagraph[] => dumpSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

const cb = loadCodebook();
export const factorIds = cb.factors.map((e) => e.id);
export const themeIds = cb.themes.map((e) => e.id);
export const labels = [...factorIds, ...themeIds];

export interface Unit {
  id: string;
  huvudman: string;
  typ: 'enskild' | 'offentlig';
  paragraphs: DumpParagraph[];
  gold: Set<string>;
}

type NoteMeta = Map<string, { dialog: string; huvudman: string; typ: 'enskild' | 'offentlig'; noteTyp: string }>;

/** Each fixture note's dialogue, huvudman, huvudman type and note type. */
export async function fixtureNoteMeta(): Promise<NoteMeta> {
  const meta: NoteMeta = new Map();
  for (const file of await listImportFiles([resolve(projectRoot, 'corpus/fixtures')]))
    for (const b of await readSource(file))
      for (const n of b.notes)
        meta.set(n.id, { dialog: `${b.huvudman.id}:c${b.dialog.cykel}:o${b.dialog.omgang}`, huvudman: b.huvudman.id, typ: b.huvudman.typ === 'enskild' ? 'enskild' : 'offentlig', noteTyp: n.typ });
  return meta;
}

export class GoldUnits {
  constructor(
    readonly dump: readonly DumpParagraph[],
    readonly meta: NoteMeta,
  ) {}

  by(level: 'note' | 'dialog'): Unit[] {
    const m = new Map<string, Unit>();
    for (const p of this.dump) {
      const noteId = p.key.split('#')[0]!;
      const meta = this.meta.get(noteId)!;
      const id = level === 'note' ? noteId : meta.dialog;
      const u = m.get(id) ?? { id, huvudman: meta.huvudman, typ: meta.typ, paragraphs: [], gold: new Set<string>() };
      u.paragraphs.push(p);
      for (const g of p.gold) u.gold.add(g);
      m.set(id, u);
    }
    return [...m.values()];
  }

  evidence(u: Unit, label: string): PassageEvidence[] {
    return u.paragraphs.map((p) => ({ score: p.scores[label] ?? 0, predicted: p.pred.includes(label), noteTyp: this.meta.get(p.key.split('#')[0]!)!.noteTyp }));
  }

  /** `l2` given: that penalty (bootstrap refits reuse the main model's); otherwise chosen by inner CV. */
  train(units: readonly Unit[], l2?: number): UnitDecisionModel {
    return trainUnitDecision(labels, units.flatMap((u) => labels.map((label) => ({ label, evidence: this.evidence(u, label), y: (u.gold.has(label) ? 1 : 0) as 0 | 1, group: u.huvudman }))), { l2 });
  }
}

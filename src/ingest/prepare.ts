// Turning a validated bundle into what gets stored. Pure: approval rules, redaction and passage
// splitting happen here, before anything touches the database.
import { createHash } from 'node:crypto';
import { redact } from '../text/redact.js';
import type { Bundle, HuvudmanInput } from './bundle-schema.js';
import { splitPassages, type PassageSpan } from './passages.js';
import type { NoteStatus } from './vocabulary.js';

export interface PreparedNote {
  id: string;
  dialogId: string;
  huvudmanId: string;
  typ: string;
  datum: string;
  status: NoteStatus;
  roles: string[];
  contentHash: string;
  /** Redacted text and its passages: present only for approved notes. */
  approved?: {
    text: string;
    passages: (PassageSpan & { id: string })[];
    /** Labels people assigned before import; stored as reviewed. */
    reviewedLabels: string[];
    /** Filled by enrichment before the write: one embedding per passage. */
    vectors?: Float32Array[];
    /** Filled by enrichment before the write: predicted labels per passage and for the note. */
    predictions?: NotePredictions;
  };
}

export interface LabelPrediction {
  id: string;
  score: number;
  predicted: boolean;
  evidence: string[];
}

export interface NotePredictions {
  passages: LabelPrediction[][];
  note: LabelPrediction[];
}

export interface PreparedBundle {
  huvudman: HuvudmanInput;
  dialog: { id: string; cykel: number; omgang: number };
  notes: PreparedNote[];
}

export function dialogId(huvudmanId: string, cykel: number, omgang: number): string {
  return `${huvudmanId}:c${cykel}:o${omgang}`;
}

export function passageId(noteId: string, ord: number): string {
  return `${noteId}:p${ord}`;
}

export function prepareBundle(bundle: Bundle): PreparedBundle {
  const hm = bundle.huvudman;
  const dId = dialogId(hm.id, bundle.dialog.cykel, bundle.dialog.omgang);
  return {
    huvudman: hm,
    dialog: { id: dId, ...bundle.dialog },
    notes: bundle.notes.map((n) => {
      // The hash covers everything stored about the note, so an identical re-import is a no-op.
      const contentHash = createHash('sha256').update(JSON.stringify({ hm, dialog: bundle.dialog, n })).digest('hex');
      const base: PreparedNote = {
        id: n.id,
        dialogId: dId,
        huvudmanId: hm.id,
        typ: n.typ,
        datum: n.datum,
        status: n.status,
        roles: (n.deltagare ?? []).map((d) => d.roll),
        contentHash,
      };
      if (n.status !== 'godkand') return base; // text of drafts and withdrawn notes is dropped here
      const { text } = redact(n.text, { participants: n.deltagare ?? [] });
      return {
        ...base,
        approved: {
          text,
          passages: splitPassages(text).map((p) => ({ ...p, id: passageId(n.id, p.ord) })),
          reviewedLabels: [...(n.factors ?? []), ...(n.themes ?? [])],
        },
      };
    }),
  };
}

// Turning a validated bundle into what gets stored. Pure: approval rules, redaction and passage
// splitting happen here, before anything touches the database.
import { createHash } from 'node:crypto';
import type { HashedNamePart, Participant, PersonDirectory } from '../text/known-persons.js';
import { personDirectory, redact } from '../text/redact.js';
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
  /** The huvudman's people seen in this bundle, as keyed hashes for later imports (never plain names). */
  knownNameParts: HashedNamePart[];
  dialog: { id: string; cykel: number; omgang: number };
  notes: PreparedNote[];
}

export function dialogId(huvudmanId: string, cykel: number, omgang: number): string {
  return `${huvudmanId}:c${cykel}:o${omgang}`;
}

export function passageId(noteId: string, ord: number): string {
  return `${noteId}:p${ord}`;
}

/** Everyone a bundle names as a person: the huvudman's contact people and every note's participants. */
export function bundlePeople(bundle: Bundle): Participant[] {
  return [...(bundle.huvudman.kontaktpersoner ?? []), ...bundle.notes.flatMap((n) => n.deltagare ?? [])];
}

export interface PrepareOptions {
  /** People already known for the huvudman (earlier imports, other bundles of the same file). */
  people?: PersonDirectory;
  /** The database's redaction key: the bundle's people are handed on as hashes made with it. */
  key?: string;
}

export function prepareBundle(bundle: Bundle, opts: PrepareOptions = {}): PreparedBundle {
  const hm = bundle.huvudman;
  // Every person of the huvudman is redacted in every one of its notes, not only where listed.
  const named = bundlePeople(bundle);
  const people = (opts.people ?? personDirectory()).withParticipants(named);
  const dId = dialogId(hm.id, bundle.dialog.cykel, bundle.dialog.omgang);
  return {
    huvudman: hm,
    knownNameParts: opts.key ? personDirectory().addParticipants(named).toHashed(opts.key) : [],
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
      // The note's own participants first, so their roles win over a namesake's in another note.
      const { text } = redact(n.text, { people: personDirectory().addParticipants(n.deltagare ?? []).withFallback(people) });
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

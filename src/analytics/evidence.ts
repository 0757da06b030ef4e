// Which of a note's passages best shows a label: a note-level review holds for every passage of
// the note (greetings included), so evidence is ranked by how much the passage itself speaks of
// the label — the classifier's score where there is one, the label's codebook phrases in the
// passage, a need cue — and by how well it reads on its own. Pure after the codebook is read.
import { loadCodebook } from '../codebook/index.js';
import { analyze } from '../text/analyze.js';
import { analyticsCues, findCue } from './cues.js';
import { quoteQuality } from './quality.js';
import type { PassageLabel } from './types.js';

const labelTermCache = new Map<string, Set<string>>();
function labelTerms(labelId: string): Set<string> {
  let s = labelTermCache.get(labelId);
  if (!s) {
    const e = loadCodebook().byId.get(labelId);
    s = new Set(e ? [e.name, ...(e.phrases ?? [])].flatMap((p) => analyze(p)) : []);
    labelTermCache.set(labelId, s);
  }
  return s;
}

/** In [0, 1]. */
export function evidenceScore(text: string, labelId: string, decision: PassageLabel | undefined): number {
  const lt = labelTerms(labelId);
  const terms = new Set(analyze(text));
  let hits = 0;
  for (const t of terms) if (lt.has(t)) hits++;
  const lexical = Math.min(1, hits / 3);
  const need = findCue(text, analyticsCues().need) ? 1 : 0;
  const predicted = decision?.score ?? 0;
  const reviewedOnPassage = decision?.basis === 'reviewed' ? 0.2 : 0;
  return 0.35 * lexical + 0.25 * predicted + 0.15 * need + 0.25 * quoteQuality(text) + reviewedOnPassage;
}

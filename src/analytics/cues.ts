// Finding cue phrases (data/cues.json) in a text: word sequences with optional prefix words and a
// negation check before the cue. Pure after the data file is read once.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const cueSetSchema = z.object({
  cues: z.array(z.string().min(1)),
  weakCues: z.array(z.string().min(1)).default([]),
  negations: z.array(z.string()),
  negationWindow: z.number().int().min(0),
});
const fileSchema = z.object({ larandeExempel: cueSetSchema, need: cueSetSchema });

type CueWord = { prefix: boolean; word: string };
export interface CueSet {
  cues: { phrase: string; words: CueWord[]; weight: number }[];
  negations: Set<string>;
  window: number;
}

function compile(raw: z.infer<typeof cueSetSchema>): CueSet {
  return {
    cues: [...raw.cues.map((p) => [p, 1] as const), ...raw.weakCues.map((p) => [p, 0.5] as const)].map(([phrase, weight]) => ({
      phrase,
      weight,
      words: phrase
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => (w.endsWith('*') ? { prefix: true, word: w.slice(0, -1) } : { prefix: false, word: w })),
    })),
    negations: new Set(raw.negations.map((n) => n.toLowerCase())),
    window: raw.negationWindow,
  };
}

let cached: { larandeExempel: CueSet; need: CueSet } | undefined;
export function analyticsCues() {
  if (!cached) {
    const raw = fileSchema.parse(JSON.parse(readFileSync(new URL('./data/cues.json', import.meta.url), 'utf8')));
    cached = { larandeExempel: compile(raw.larandeExempel), need: compile(raw.need) };
  }
  return cached;
}

export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The first cue of the set found in the text (not negated), or null. */
export function findCue(text: string | string[], set: CueSet): string | null {
  return findCueWeighted(text, set)?.phrase ?? null;
}

/** The strongest cue found (not negated), with its weight (1, or 0.5 for a weak cue). */
export function findCueWeighted(text: string | string[], set: CueSet): { phrase: string; weight: number } | null {
  const ws = typeof text === 'string' ? words(text) : text;
  let best: { phrase: string; weight: number } | null = null;
  for (let i = 0; i < ws.length; i++) {
    for (const c of set.cues) {
      if (i + c.words.length > ws.length) continue;
      let ok = true;
      for (let j = 0; j < c.words.length && ok; j++) {
        const w = ws[i + j]!;
        const cw = c.words[j]!;
        ok = cw.prefix ? w.startsWith(cw.word) : w === cw.word;
      }
      if (!ok) continue;
      let negated = false;
      for (let k = Math.max(0, i - set.window); k < i; k++) if (set.negations.has(ws[k]!)) negated = true;
      if (!negated && (!best || c.weight > best.weight)) best = { phrase: c.phrase, weight: c.weight };
      if (best?.weight === 1) return best;
    }
  }
  return best;
}

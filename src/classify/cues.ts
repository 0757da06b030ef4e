// The cue files (data/negation.json, data/non-needs.json, data/need-cues.json), compiled once.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { compileCue, type CuePattern } from './lexical.js';

const negationSchema = z.object({
  negators: z.array(z.string()),
  anaphora: z.array(z.string()),
  contrast: z.array(z.string()),
  denials: z.array(z.string()),
  factors: z.object({ denial: z.number(), negated: z.number(), negativePhrase: z.number() }),
});
const nonNeedSchema = z.object({ logistics: z.array(z.string()), factor: z.number() });
const needSchema = z.object({ cues: z.array(z.string()) });

export interface Cues {
  negators: Set<string>;
  /** Words that open a sentence pointing back to the one before (det, detta, …). */
  anaphora: Set<string>;
  /** Words or phrases that start a new contrastive segment (men, däremot, …). */
  contrast: CuePattern[];
  denials: CuePattern[];
  logistics: CuePattern[];
  need: CuePattern[];
  /** How much a mention counts in a denied segment, a negated segment, next to a negative phrase, in a non-need sentence. */
  factors: { denial: number; negated: number; negativePhrase: number; nonNeed: number };
}

function readData(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8'));
}

let cached: Cues | undefined;

export function loadCues(): Cues {
  if (cached) return cached;
  const neg = negationSchema.parse(readData('negation.json'));
  const non = nonNeedSchema.parse(readData('non-needs.json'));
  const need = needSchema.parse(readData('need-cues.json'));
  cached = {
    negators: new Set(neg.negators.map((w) => w.normalize('NFC').toLowerCase())),
    anaphora: new Set(neg.anaphora.map((w) => w.normalize('NFC').toLowerCase())),
    contrast: neg.contrast.map(compileCue),
    denials: neg.denials.map(compileCue),
    logistics: non.logistics.map(compileCue),
    need: need.cues.map(compileCue),
    factors: { ...neg.factors, nonNeed: non.factor },
  };
  return cached;
}

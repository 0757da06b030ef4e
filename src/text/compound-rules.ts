// The tunable rules of compound splitting, read from sv/compound-rules.json.
import { readDataJson } from './data-files.js';

export interface LinkingRule {
  /** Ending of the modifier's surface form (the linking morpheme, possibly with a changed vowel). */
  link: string;
  /** Ending of the modifier's lemma in its place. */
  lemma: string;
  cost: number;
}

export interface CompoundRules {
  minPartLength: number;
  partCost: number;
  shortPartCost: number;
  headWithoutLicenceCost: number;
  linking: LinkingRule[];
  blockedModifiers: Set<string>;
  blockedHeads: Set<string>;
  suffixesNotToCut: string[];
}

interface CompoundRulesFile extends Omit<CompoundRules, 'blockedModifiers' | 'blockedHeads'> {
  blockedModifiers: string[];
  blockedHeads: string[];
}

let rules: CompoundRules | undefined;

export function compoundRules(): CompoundRules {
  if (!rules) {
    const f = readDataJson<CompoundRulesFile>('compound-rules.json');
    rules = { ...f, blockedModifiers: new Set(f.blockedModifiers), blockedHeads: new Set(f.blockedHeads) };
  }
  return rules;
}

/** Lemma candidates for a modifier's surface form by the linking rules: hälso -> hälsa, arbets -> arbete. */
export function linkingCandidates(surface: string): { lemma: string; cost: number }[] {
  const out: { lemma: string; cost: number }[] = [];
  for (const r of compoundRules().linking) {
    if (!surface.endsWith(r.link) || surface.length - r.link.length < 2) continue;
    out.push({ lemma: surface.slice(0, surface.length - r.link.length) + r.lemma, cost: r.cost });
  }
  return out;
}

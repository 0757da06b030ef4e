// The Swedish lexicon behind lemmatisation and compound splitting: the Hunspell dictionary of the
// `dictionary-sv` package (stems, inflection rules, compound flags), the domain lexicon
// (sv/domain-lexicon.json) and irregular forms (sv/irregular-forms.tsv). Loaded lazily, once.
//
// Hunspell's Swedish dictionary marks which stems may begin (X), continue (U) or end (Y) a compound
// and has suffix rules that produce the linking forms of modifiers (kvalitet -> kvalitets-,
// vecka -> vecko-). Stems marked "only in compound" (Z, e.g. hälso-, skol-) get their lemma back
// through the linking rules of sv/compound-rules.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { linkingCandidates } from './compound-rules.js';
import { readDataJson, readDataLines } from './data-files.js';
import { HunspellDictionary, type StemReading } from './hunspell.js';

/** A lemma a surface form can stand for, with the cost of that reading. */
export interface Reading {
  lemma: string;
  cost: number;
  /** Whether the dictionary or the domain lexicon has this form for this use (not a rule's guess). */
  licensed: boolean;
}

interface FlagConfig {
  nounFlags: string;
  verbFlags: string;
  adjectiveFlags: string;
  derivations: Record<string, string[]>;
}

interface DomainLexiconFile {
  declensions: Record<string, { strip: string; endings: string[] }>;
  words: { lemma: string; declension?: string; forms?: string[]; linking?: string[]; unit?: boolean }[];
}

const CONTENT_MEMO_LIMIT = 300_000;

/** Rank of a reading: the form itself, a noun inflection, anything else. Lower is preferred. */
const Rank = { Bare: 1, Noun: 2, Other: 3 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

function loadHunspell(): HunspellDictionary {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('dictionary-sv'));
  return new HunspellDictionary(readFileSync(join(dir, 'index.aff'), 'utf8'), readFileSync(join(dir, 'index.dic'), 'utf8'));
}

export class SwedishLexicon {
  private readonly dic: HunspellDictionary;
  private readonly flags: FlagConfig;
  private readonly irregular = new Map<string, string>();
  private readonly domainForms = new Map<string, string>();
  private readonly domainLinking = new Map<string, string>();
  private readonly units = new Set<string>();
  /** Linking forms produced by the dictionary's suffix rules: form -> stems. */
  private readonly linkingForms = new Map<string, string[]>();
  private readonly contentMemo = new Map<string, boolean>();

  constructor(dic: HunspellDictionary = loadHunspell()) {
    this.dic = dic;
    this.flags = readDataJson<FlagConfig>('hunspell-sv.json');
    for (const line of readDataLines('irregular-forms.tsv')) {
      const [form, lemma] = line.split('\t');
      if (form && lemma) this.irregular.set(form, lemma);
    }
    const domain = readDataJson<DomainLexiconFile>('domain-lexicon.json');
    for (const w of domain.words) {
      const lemma = w.lemma.normalize('NFC');
      if (w.unit) this.units.add(lemma);
      this.domainForms.set(lemma, lemma);
      const decl = w.declension ? domain.declensions[w.declension] : undefined;
      if (w.declension && !decl) throw new Error(`domain-lexicon.json: unknown declension ${w.declension}`);
      if (decl) {
        const stem = decl.strip && lemma.endsWith(decl.strip) ? lemma.slice(0, lemma.length - decl.strip.length) : lemma;
        for (const e of decl.endings) this.domainForms.set(stem + e, lemma);
      }
      for (const f of w.forms ?? []) this.domainForms.set(f.normalize('NFC'), lemma);
      for (const f of w.linking ?? []) this.domainLinking.set(f.normalize('NFC'), lemma);
    }
    const { compoundBegin = 'X', compoundMiddle = 'U' } = dic.info;
    for (const { form, stem } of dic.derivedWithFlags(compoundBegin + compoundMiddle)) {
      const list = this.linkingForms.get(form);
      if (!list) this.linkingForms.set(form, [stem]);
      else if (!list.includes(stem)) list.push(stem);
    }
  }

  /** Whether a lemma is a noun (has noun inflection flags, or is a domain-lexicon word). */
  isNoun(lemma: string): boolean {
    if (this.domainForms.get(lemma) === lemma) return true;
    const flags = this.dic.stems.get(lemma);
    return flags !== undefined && [...flags].some((f) => this.flags.nounFlags.includes(f));
  }

  /**
   * Whether a lowercase word is a proper name (Anders, Sjödins, Kristina) and no common word: the
   * dictionary has it capitalised only.
   */
  isProperName(word: string): boolean {
    const first = word[0];
    if (!first || this.lemmaOf(word) !== undefined) return false;
    const capitalised = first.toUpperCase() + word.slice(1);
    return capitalised !== word && this.dic.readings(capitalised).length > 0;
  }

  /**
   * Whether the dictionary lists `word` (as written, capitalised) as a proper noun of its own, or
   * its genitive: Kiruna, Rinkeby, Skolverkets. No suffix rules beyond the genitive, so an unknown
   * name is not read as an inflection of some entry.
   */
  hasProperNounEntry(word: string): boolean {
    return this.properNounFlags(word) !== undefined;
  }

  /** The flags of `word`'s (or its genitive's) own entry, if the dictionary has one. */
  properNounFlags(word: string): string | undefined {
    const own = this.dic.stems.get(word);
    if (own !== undefined) return own;
    return /[^s]s$/.test(word) ? this.dic.stems.get(word.slice(0, -1)) : undefined;
  }

  /** Whether a lemma is a lexicalised unit that must not be split. */
  isUnit(lemma: string): boolean {
    return this.units.has(lemma);
  }

  /** Whether `word` is a noun, verb or adjective lemma that can be part of a compound. */
  isContentLemma(word: string): boolean {
    let v = this.contentMemo.get(word);
    if (v === undefined) {
      v = this.computeIsContentLemma(word);
      if (this.contentMemo.size >= CONTENT_MEMO_LIMIT) this.contentMemo.clear();
      this.contentMemo.set(word, v);
    }
    return v;
  }

  private computeIsContentLemma(word: string): boolean {
    if (this.domainForms.get(word) === word) return true;
    const flags = this.dic.stems.get(word);
    if (flags !== undefined && this.isContentStem(flags)) return true;
    // Derived citation forms (lärare from lära + T) are lemmas too.
    return this.dic.readings(word).some((r) => r.rule && this.lemmaOfReading(r) === word && this.isContentStem(r.flags));
  }

  private isContentStem(flags: string): boolean {
    const { compoundBegin = 'X', compoundMiddle = 'U', compoundEnd = 'Y', onlyInCompound = 'Z', forbiddenWord = '%' } = this.dic.info;
    if (flags.includes(onlyInCompound) || flags.includes(forbiddenWord)) return false;
    for (const f of flags) {
      if (f === compoundBegin || f === compoundMiddle || f === compoundEnd) return true;
      if (this.flags.nounFlags.includes(f) || this.flags.verbFlags.includes(f) || this.flags.adjectiveFlags.includes(f)) return true;
    }
    return false;
  }

  /** The lemma a dictionary reading stands for: the stem, or a derivation's citation form. */
  private lemmaOfReading(r: StemReading): string {
    let lemma = r.stem;
    const citations = r.rule ? this.flags.derivations[r.rule.flag] : undefined;
    if (r.rule && citations) {
      const citation = this.dic.paradigmOf(r.rule).find((p) => citations.includes(p.add));
      if (citation) lemma = r.stem.slice(0, r.stem.length - citation.strip.length) + citation.add;
    }
    return this.irregular.get(lemma) ?? this.irregularHead(lemma) ?? lemma;
  }

  /**
   * A stem ending in an irregular stem with the same inflection flags is a compound with that head:
   * tjänstemän (AFY) ends in män (AFY), so its lemma is tjänsteman. allmän (an adjective) is not.
   */
  private irregularHead(stem: string): string | undefined {
    const flags = this.dic.stems.get(stem);
    if (flags === undefined) return undefined;
    for (const [form, lemma] of this.irregular) {
      if (stem.length <= form.length || !stem.endsWith(form)) continue;
      const headFlags = this.dic.stems.get(form);
      if (headFlags !== undefined && flags === headFlags) return stem.slice(0, stem.length - form.length) + lemma;
    }
    return undefined;
  }

  private rankOf(r: StemReading): Rank {
    if (!r.rule) return Rank.Bare;
    return this.flags.nounFlags.includes(r.rule.flag) ? Rank.Noun : Rank.Other;
  }

  /** The lemma of a known word form, or undefined when the lexicon does not know the form. */
  lemmaOf(form: string): string | undefined {
    const domain = this.domainForms.get(form);
    if (domain) return domain;
    const { onlyInCompound = 'Z' } = this.dic.info;
    let best: { lemma: string; rank: Rank } | undefined;
    for (const r of this.dic.readings(form)) {
      if (r.flags.includes(onlyInCompound)) continue;
      const rank = this.rankOf(r);
      if (!best || rank < best.rank) best = { lemma: this.lemmaOfReading(r), rank };
    }
    return best?.lemma ?? this.irregular.get(form);
  }

  /** Readings of `surface` as the last part (head) of a compound. */
  headReadings(surface: string, unlicensedCost: number): Reading[] {
    const out: Reading[] = [];
    const domain = this.domainForms.get(surface);
    if (domain) out.push({ lemma: domain, cost: 0, licensed: true });
    const { compoundEnd = 'Y', onlyInCompound = 'Z' } = this.dic.info;
    for (const r of this.dic.readings(surface)) {
      if (r.flags.includes(onlyInCompound) || !this.isContentStem(r.flags)) continue;
      // Noun readings are preferred for heads: skolformer is skol+form, not skol+forma.
      // Between licensed readings, the form itself (samverkan) beats a noun rule (samverka + n),
      // which beats a verb or adjective rule.
      const rank = this.rankOf(r);
      const cost = (r.flags.includes(compoundEnd) ? 0 : unlicensedCost) + (rank === Rank.Bare ? 0 : rank === Rank.Noun ? 0.1 : 0.25);
      out.push({ lemma: this.lemmaOfReading(r), cost, licensed: r.flags.includes(compoundEnd) });
    }
    return cheapestPerLemma(out);
  }

  /** Readings of `surface` as a modifier (a non-final part) of a compound. */
  modifierReadings(surface: string): Reading[] {
    const out: Reading[] = [];
    const domain = this.domainLinking.get(surface) ?? this.domainForms.get(surface);
    if (domain) out.push({ lemma: domain, cost: 0, licensed: true });
    const { compoundBegin = 'X', compoundMiddle = 'U', forbiddenWord = '%' } = this.dic.info;
    const flags = this.dic.stems.get(surface);
    if (flags !== undefined && !flags.includes(forbiddenWord) && (flags.includes(compoundBegin) || flags.includes(compoundMiddle))) {
      for (const lemma of this.lemmasOfStem(surface)) out.push({ lemma, cost: 0, licensed: true });
    }
    for (const stem of this.linkingForms.get(surface) ?? []) {
      for (const lemma of this.lemmasOfStem(stem)) out.push({ lemma, cost: 0, licensed: true });
    }
    for (const c of linkingCandidates(surface)) {
      const lemma = this.contentLemmaOf(c.lemma);
      if (lemma) out.push({ lemma, cost: c.cost, licensed: false });
    }
    return modifierOrder(cheapestPerLemma(out), surface);
  }

  /**
   * The lemmas a dictionary stem stands for. A bound stem such as hälso- or skol- (only in
   * compounds) gets its lemma back through the linking rules; if none fits, the stem itself.
   */
  private lemmasOfStem(stem: string): string[] {
    const flags = this.dic.stems.get(stem) ?? '';
    if (!flags.includes(this.dic.info.onlyInCompound ?? 'Z')) return [this.irregular.get(stem) ?? stem];
    let cheapest = Infinity;
    let lemmas: string[] = [];
    for (const c of linkingCandidates(stem)) {
      const lemma = c.lemma === stem ? undefined : this.contentLemmaOf(c.lemma);
      if (!lemma || c.cost > cheapest) continue;
      if (c.cost < cheapest) lemmas = [];
      cheapest = c.cost;
      if (!lemmas.includes(lemma)) lemmas.push(lemma);
    }
    return lemmas.length ? lemmas : [stem];
  }

  /** `word` if it is a content lemma; the lemma of `word` if it is an inflected form of one. */
  private contentLemmaOf(word: string): string | undefined {
    if (this.isContentLemma(word)) return word;
    const lemma = this.lemmaOf(word);
    return lemma !== undefined && lemma !== word && this.isContentLemma(lemma) ? lemma : undefined;
  }
}

/** One reading per lemma, the cheapest, sorted by cost. */
function cheapestPerLemma(readings: Reading[]): Reading[] {
  const best = new Map<string, Reading>();
  for (const r of readings) {
    const had = best.get(r.lemma);
    if (!had || r.cost < had.cost || (r.cost === had.cost && r.licensed && !had.licensed)) best.set(r.lemma, r);
  }
  return [...best.values()].sort((a, b) => a.cost - b.cost);
}

/**
 * Orders a modifier's readings. Whether the form is a modifier at all is decided by its cheapest
 * reading; which lemma it stands for is decided among the readings at most one rule away by how
 * little the lemma changes the form: the dictionary licenses ansvars- through the verb ansvara, but
 * ansvars- is ansvar + s. The first reading gets the cheapest cost and licence.
 */
function modifierOrder(readings: Reading[], surface: string): Reading[] {
  const first = readings[0];
  if (!first) return readings;
  const near = readings.filter((r) => r.cost <= first.cost + 1);
  near.sort((a, b) => changed(a.lemma, surface) - changed(b.lemma, surface) || a.cost - b.cost);
  const chosen = near[0] ?? first;
  return [{ lemma: chosen.lemma, cost: first.cost, licensed: first.licensed }, ...readings.filter((r) => r !== chosen)];
}

/** How many characters differ between a lemma and a surface form (after their common prefix). */
function changed(lemma: string, surface: string): number {
  let i = 0;
  while (i < lemma.length && i < surface.length && lemma[i] === surface[i]) i++;
  return lemma.length - i + (surface.length - i);
}

let lexicon: SwedishLexicon | undefined;

/** The shared lexicon, loaded on first use (a few hundred milliseconds). */
export function swedishLexicon(): SwedishLexicon {
  lexicon ??= new SwedishLexicon();
  return lexicon;
}

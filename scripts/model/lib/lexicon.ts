/**
 * A Swedish morphological lexicon built from the hunspell-sv dictionary (`sv_SE.dic` + `.aff`).
 *
 * Expanding the hunspell suffix rules gives, for every lemma, its inflected forms and its
 * compound-only forms ("skola" → "skol-", "hälsa" → "hälso-", "kvalitet" → "kvalitets-"),
 * together with how each form splits into a stem and an ending. `segment()` uses this to cut a
 * word into morphemes:  elevhälsoteamet → elev | hälso | team ##et,  kvalitetsarbetet →
 * kvalitet ##s | arbete ##t. Those morphemes are the candidate WordPiece vocabulary.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface Analysis {
  lemma: string;
  /** The surface stem (lemma minus stripped letters), e.g. "pojk" for "pojkar". */
  stem: string;
  /** The ending that was added ('' for the base form). */
  ending: string;
  /** May start or sit inside a compound (hunspell flags X/U or a compound-forming suffix). */
  compoundFirst: boolean;
  /** Only valid inside a compound (hunspell's compound-forming suffixes, flag Z). */
  compoundOnly: boolean;
}

interface SfxRule { strip: string; add: string; cont: string; cond: RegExp }

function parseAff(text: string): Map<string, SfxRule[]> {
  const rules = new Map<string, SfxRule[]>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'SFX' || f.length < 5) continue;
    const [, flag, stripRaw, addRaw, condRaw] = f as [string, string, string, string, string];
    const [addPart, cont = ''] = addRaw.split('/') as [string, string?];
    const strip = stripRaw === '0' ? '' : stripRaw;
    const add = addPart === '0' ? '' : addPart;
    let cond: RegExp;
    try {
      cond = new RegExp((condRaw === '.' ? '' : condRaw) + '$', 'u');
    } catch {
      continue;
    }
    const list = rules.get(flag) ?? [];
    list.push({ strip, add, cont, cond });
    rules.set(flag, list);
  }
  return rules;
}

const WORD = /^[a-zåäöéüàèáóæøñç]+$/u;

export class Lexicon {
  readonly forms = new Map<string, Analysis[]>();
  readonly lemmas = new Set<string>();

  static fromHunspell(dicPath: string, affPath: string): Lexicon {
    const lex = new Lexicon();
    if (!existsSync(dicPath) || !existsSync(affPath)) return lex;
    const rules = parseAff(readFileSync(affPath, 'utf8'));
    const lines = readFileSync(dicPath, 'utf8').split('\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      const slash = line.indexOf('/');
      const word = slash >= 0 ? line.slice(0, slash) : line;
      const flags = slash >= 0 ? line.slice(slash + 1).split(/\s/)[0] ?? '' : '';
      if (!WORD.test(word)) continue; // lower-case words only: skips names, abbreviations, hyphenated
      lex.addLemma(word, flags, rules);
    }
    return lex;
  }

  private add(form: string, a: Analysis): void {
    const list = this.forms.get(form);
    if (!list) {
      this.forms.set(form, [a]);
      return;
    }
    const same = list.find((b) => b.lemma === a.lemma && b.stem === a.stem && b.ending === a.ending);
    if (!same) list.push(a);
    else same.compoundFirst ||= a.compoundFirst; // e.g. "kvalitets" is both a genitive and a compound form
  }

  private addLemma(word: string, flags: string, rules: Map<string, SfxRule[]>): void {
    if (flags.includes('!') || flags.includes('%')) return; // nosuggest / forbidden
    const onlyCompound = flags.includes('Z');
    const cpdFirst = flags.includes('X') || flags.includes('U') || onlyCompound;
    this.lemmas.add(word);
    this.add(word, { lemma: word, stem: word, ending: '', compoundFirst: cpdFirst, compoundOnly: onlyCompound });
    for (const flag of flags) {
      for (const r of rules.get(flag) ?? []) {
        if (!r.cond.test(word)) continue;
        if (r.strip && !word.endsWith(r.strip)) continue;
        if (r.add.includes('-') || r.add.includes(':')) continue;
        const stem = word.slice(0, word.length - r.strip.length);
        const form = stem + r.add;
        if (!form) continue;
        const isCpd = r.cont.includes('W') || r.cont.includes('Z');
        this.add(form, {
          lemma: word,
          stem,
          ending: r.add,
          compoundFirst: isCpd || (cpdFirst && r.add === ''),
          compoundOnly: isCpd,
        });
      }
    }
  }

  /** Add a word (e.g. a domain term or abbreviation) as its own lemma. */
  addWord(word: string): void {
    if (!this.forms.has(word)) {
      this.lemmas.add(word);
      this.add(word, { lemma: word, stem: word, ending: '', compoundFirst: true, compoundOnly: false });
    }
  }

  /** Best analysis of a form in a given role, or undefined. */
  analyse(form: string, role: 'whole' | 'first' | 'last'): Analysis | undefined {
    const list = this.forms.get(form);
    if (!list) return undefined;
    let best: Analysis | undefined;
    let bestScore = -Infinity;
    for (const a of list) {
      if (role !== 'first' && a.compoundOnly) continue;
      let s = 0;
      if (role === 'first') s += a.compoundFirst ? 2 : 0;
      if (a.ending === '') s += 1; // prefer the base-form reading
      if (a.stem.length >= 3) s += 0.5;
      if (s > bestScore) {
        bestScore = s;
        best = a;
      }
    }
    return best;
  }
}

export interface Morph {
  /** The piece as it appears in the word (without "##"). */
  text: string;
  /** The lemma it belongs to, when known (used to link pieces in retrofitting). */
  lemma?: string;
  /** True for an inflectional/linking ending. */
  ending?: boolean;
}

const MIN_PART = 4; // compound parts shorter than this are only used when nothing else fits
const MAX_WORD = 40;

/**
 * Prepositions, particles and pronouns are never split off as compound parts: words built on them
 * ("undervisning", "tillgänglig", "genomförande", "överenskommelse") are lexicalised and stay whole.
 */
const NOT_A_PART = new Set(
  ('till för från över under efter med om mot vid på av in ut upp ner ned fram bort genom utan inom ' +
    'utom hos bland kring runt mellan sedan och att det den de som inte men eller så när där här all ' +
    'alla själv egen sam an be er hem bak före åt ur tills vilken vilket vars varje')
    .split(' '),
);

/**
 * Cut a lower-case word into morphemes with a small dynamic programme (in the spirit of Koehn &
 * Knight's frequency-based compound splitting). Every known part of ≥ 4 letters is rewarded, so
 * compounds are split as far as the lexicon allows; a whole known word gets a slightly larger
 * reward, so a split must be made of good parts to win; parts that are frequent in the corpus
 * are rewarded a little more (log frequency); 3-letter parts are penalised; an unknown tail of
 * ≥ 3 letters is allowed at a high cost, and a word with no analysis at all is kept whole.
 */
export function segment(word: string, lex: Lexicon, freq?: Map<string, number>): Morph[] {
  const n = word.length;
  if (n === 0) return [];
  if (n > MAX_WORD || !/^\p{L}+$/u.test(word)) return [{ text: word }];
  const fbonus = (form: string, a: Analysis): number => {
    if (!freq) return 0;
    const f = Math.max(freq.get(form) ?? 0, freq.get(a.lemma) ?? 0);
    return 0.15 * Math.log10(1 + f);
  };
  const best = new Float64Array(n + 1).fill(Infinity);
  const back: Array<{ from: number; a: Analysis | null } | undefined> = new Array(n + 1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    const bi = best[i]!;
    for (let j = i + 1; j <= n; j++) {
      const len = j - i;
      const sub = word.slice(i, j);
      const whole = i === 0 && j === n;
      const last = j === n;
      let a: Analysis | undefined;
      if (whole) a = lex.analyse(sub, 'whole');
      else if (last) a = lex.analyse(sub, 'last');
      else a = lex.analyse(sub, 'first');
      if (a && !whole && (NOT_A_PART.has(sub) || NOT_A_PART.has(a.lemma))) a = undefined;
      let cost: number;
      if (a) {
        if (!whole && len < 3) continue;
        cost = whole ? -0.5 : len >= MIN_PART ? -0.3 : 0.5;
        if (!whole && !last && !a.compoundFirst) cost += 0.2;
        cost -= fbonus(sub, a);
      } else if (last && !whole && len >= 3) {
        cost = 2; // unknown tail
      } else if (whole) {
        cost = 3; // unknown word
      } else continue;
      const c = bi + cost;
      if (c < best[j]!) {
        best[j] = c;
        back[j] = { from: i, a: a ?? null };
      }
    }
  }
  const parts: Array<{ s: string; a: Analysis | null }> = [];
  for (let j = n; j > 0; ) {
    const b = back[j]!;
    parts.unshift({ s: word.slice(b.from, j), a: b.a });
    j = b.from;
  }
  const out: Morph[] = [];
  for (const p of parts) {
    const a = p.a;
    if (!a) {
      out.push({ text: p.s });
      continue;
    }
    // Split off the ending when the stem is intact and long enough: hälsan → hälsa ##n.
    if (a.ending && p.s === a.stem + a.ending && a.stem.length >= 3 && (a.stem === a.lemma || a.ending.length >= 2)) {
      out.push({ text: a.stem, lemma: a.lemma }, { text: a.ending, ending: true });
    } else {
      out.push({ text: p.s, lemma: a.lemma });
    }
  }
  return out;
}

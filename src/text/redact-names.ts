// Finding people's names in Swedish note text. In Swedish only proper nouns are capitalised inside
// a sentence, so the finder works on capitalised tokens and asks what kind of proper noun each is:
//
//   anchors (a name for sure)
//     - a name part of a person known for the huvudman (participants of all its notes, contact
//       people), in any case unless the lower-case form is a Swedish word; replaced by the role;
//     - a given name or surname from the lexicon (sv/names/), also in the genitive ("Karins");
//       one that is also a Swedish word ("Per", "Björn", "Lund") only inside a sentence, or next
//       to another name;
//     - capitalised words after a role or title word ("specialpedagogen Anna Berg", "ägaren …",
//       "förste vice ordförande …"), before "(rektor)" and inside "(…, rektor)";
//     - a capital initial and a surname ("A. Berg");
//     - inside a sentence, a capitalised word that is no Swedish word, compound or proper noun the
//       dictionary knows (places such as Kiruna are in it): "Warsame", "Tesfamariam";
//   then each anchor grows over the capitalised words and name particles next to it ("Amina Abdi
//   Warsame", "Sara al-Hassan", "Ludvig af Klint"). Organisation, school and place words stop a
//   name, and a name followed by a school word is a school's name ("Astrid Lindgrens skola").
import { escapeRegExp } from './regexp.js';
import { isAbbreviation } from './abbreviations.js';
import { compoundParts } from './compounds.js';
import { readDataLines, readDataText } from './data-files.js';
import type { PersonDirectory } from './known-persons.js';
import { swedishLexicon } from './lexicon.js';

export interface NameRules {
  kind: 'namn';
  priority: number;
  /** Replacement when no role is known. */
  replacement: string;
  /** Template for a known person's role: "[{roll}]". */
  roleTemplate: string;
  lexicon: { givenNames: string; surnames: string; ambiguous: string };
  /** Role and title words in base form; inflected forms (-en, -n, -et, -s …) are derived. */
  roleWords: string[];
  roleSuffixes: string[];
  particles: string[];
  /** Words that are never part of a person's name (organisations, places, agencies). */
  blockedWords: string[];
  /** A capitalised word ending in one of these is an organisation or school, not a name. */
  blockedSuffixes: string[];
  /** A name followed by one of these is the name of a school or an organisation. */
  blockedNextWords: string[];
  /** A capitalised word after one of these is no person ("Lex Maria", "Sankt Göran"). */
  blockedPreviousWords: string[];
  /** Names of public figures and the like that are content, not personal data ("Maria Montessori"). */
  publicNames: string[];
  /** A capitalised word right after one of these (or a word ending in one) names a unit, not a person: "förskolan Mio", "avdelningen Viola", "Stiftelsen Fridhem". */
  unitWords: string[];
  /** Verbs a person is the subject of: a sentence-initial given name that is also a word counts before them. */
  personVerbs: string[];
  /** Before a capitalised word these make it a place ("i Nora", "på Rinkeby"). */
  placePrepositions: string[];
  /** Heads of Swedish compound surnames (Sten|mark, Lind|berg): such a compound inside a sentence is a surname. */
  surnameHeads: string[];
  /** Given names of one or two letters (the lexicon leaves them out): ambiguous by nature. */
  shortGivenNames: string[];
  /** Name particles that join a hyphenated surname ("al-Hassan", "el-Amin"). */
  hyphenParticles: string[];
  /** Minimum length of an unknown capitalised word to count as a name by itself. */
  unknownMinLength: number;
  /** Replacement role when a name part belongs to several known people. */
  ambiguousRole: string;
}

export interface NameFinding {
  start: number;
  end: number;
  replacement: string;
}

interface Tok {
  text: string;
  start: number;
  end: number;
  /** The token without a genitive ending ("Karins" → "Karin"), if it has one; used when that is a name. */
  genBase?: string;
  cap: boolean;
  allCaps: boolean;
  initialOfSentence: boolean;
}

export interface CompiledNameRules {
  rules: NameRules;
  given: Set<string>;
  surnames: Set<string>;
  /** Names that are also ordinary words; the given names among them count inside a sentence. */
  ambiguous: Set<string>;
  ambiguousGiven: Set<string>;
  blockedPrev: Set<string>;
  publicNames: RegExp[];
  unitWords: string[];
  placePrepositions: Set<string>;
  surnameHeads: string[];
  personVerbs: Set<string>;
  roles: Set<string>;
  particles: Set<string>;
  hyphenParticles: Set<string>;
  blocked: Set<string>;
  blockedNext: Set<string>;
  blockedSuffixes: string[];
}

const lower = (s: string) => s.toLocaleLowerCase('sv-SE');

export function compileNameRules(rules: NameRules): CompiledNameRules {
  // One name a line; further TAB-separated columns (ambiguous.txt: source, reason) are notes.
  const set = (file: string) => new Set(readDataLines(file).map((l) => lower(l.split('\t')[0]!)));
  const roles = new Set<string>();
  for (const w of rules.roleWords) {
    const b = lower(w);
    roles.add(b);
    for (const s of rules.roleSuffixes) roles.add(b + s);
    // "ordförande" → "ordföranden"; "rektor" → "rektorn"; "lärare" → "läraren"
    if (b.endsWith('e')) roles.add(b + 'n');
  }
  // ambiguous.txt: "Name<TAB># first,last reason"; the note says whether it is a given name.
  const ambiguousRows = readDataText(rules.lexicon.ambiguous)
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [name = '', note = ''] = l.normalize('NFC').split('\t');
      return [name.trim(), note.replace(/^#\s*/, '').split(/\s+/)[0] ?? 'first'];
    });
  const ambiguous = new Set(ambiguousRows.map((r) => lower(r[0]!)));
  const ambiguousGiven = new Set(ambiguousRows.filter((r) => (r[1] ?? 'first').includes('first')).map((r) => lower(r[0]!)));
  for (const n of rules.shortGivenNames) {
    ambiguous.add(lower(n));
    ambiguousGiven.add(lower(n));
  }
  const given = set(rules.lexicon.givenNames);
  const surnames = set(rules.lexicon.surnames);
  for (const a of ambiguous) {
    given.delete(a);
    surnames.delete(a);
  }
  return {
    rules,
    given,
    surnames,
    ambiguous,
    ambiguousGiven,
    blockedPrev: new Set(rules.blockedPreviousWords.map(lower)),
    personVerbs: new Set(rules.personVerbs.map(lower)),
    unitWords: rules.unitWords.map(lower),
    placePrepositions: new Set(rules.placePrepositions.map(lower)),
    surnameHeads: rules.surnameHeads.map(lower),
    publicNames: rules.publicNames.map((n) => new RegExp(`(?<![\\p{L}])${escapeRegExp(n)}(?:s|['’]s?)?(?![\\p{L}])`, 'giu')),
    roles,
    particles: new Set(rules.particles.map(lower)),
    hyphenParticles: new Set(rules.hyphenParticles.map(lower)),
    blocked: new Set(rules.blockedWords.map(lower)),
    blockedNext: new Set(rules.blockedNextWords.map(lower)),
    blockedSuffixes: rules.blockedSuffixes.map(lower),
  };
}

const TOKEN = /[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*['’]?/gu;

function isSentenceInitial(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && /[ \t\u00A0"“”«»'‘’(\[]/u.test(text[i]!)) i--;
  if (i < 0) return true;
  const c = text[i]!;
  if (c === '\n' || c === '.' || c === '!' || c === '?' || c === ':' || c === ';') return true;
  if (/[-–•*]/u.test(c)) {
    let j = i - 1;
    while (j >= 0 && /[ \t]/.test(text[j]!)) j--;
    return j < 0 || text[j] === '\n';
  }
  return false;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(TOKEN)) {
    let t = m[0];
    const start = m.index;
    // A trailing apostrophe is the genitive of a name ending in s ("Lars'"), not part of it.
    if (/['’]$/.test(t)) t = t.slice(0, -1);
    const gen = /^(.+?)(['’]s|s)$/u.exec(t);
    const first = t.charAt(0);
    const cap = first !== lower(first) && /\p{Ll}/u.test(t);
    const allCaps = !/\p{Ll}/u.test(t) && t.length > 1;
    out.push({ text: t, start, end: start + t.length, genBase: gen?.[1], cap, allCaps, initialOfSentence: isSentenceInitial(text, start) });
  }
  return out;
}

type Kind = 'known' | 'name' | 'ambiguous' | 'unknown' | 'proper' | 'word' | 'blocked' | 'role' | 'particle' | 'lower';

interface Classified {
  kind: Kind;
  /** For 'ambiguous': whether it is a given name ("Per", "Björn"), which counts inside a sentence. */
  given?: boolean;
  role?: string;
  /** Set when the reading is a genitive: the name ends here. */
  baseEnd?: number;
}

/** A Swedish word, inflected form or compound ("granen", "rönnbäcken"); hyphenated: every part is. */
const wordMemo = new Map<string, boolean>();
const WORD_MEMO_LIMIT = 200_000;

function isSwedishWord(lw: string): boolean {
  let v = wordMemo.get(lw);
  if (v === undefined) {
    v = computeIsSwedishWord(lw);
    if (wordMemo.size >= WORD_MEMO_LIMIT) wordMemo.clear();
    wordMemo.set(lw, v);
  }
  return v;
}

function computeIsSwedishWord(lw: string): boolean {
  // No name is this long; the compound splitter need not look at it.
  if (lw.length > MAX_NAME_PART) return true;
  if (lw.includes('-')) return lw.split('-').every((p) => p.length > 0 && isSwedishWord(p));
  if (swedishLexicon().lemmaOf(lw) !== undefined) return true;
  const parts = compoundParts(lw);
  // Short parts make foreign names look like compounds ("oks+ana", "par+isa").
  return parts.length > 1 && parts.every((p) => p.surface.length >= 3) && parts[parts.length - 1]!.surface.length >= 4;
}

const MAX_NAME_PART = 40;
const VOWEL = /[aeiouyåäöæøə]/u;
const hasVowel = (t: string) => VOWEL.test(t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());

export function findNames(text: string, c: CompiledNameRules, people: PersonDirectory | null): NameFinding[] {
  const toks = tokens(text);
  const lex = swedishLexicon();
  /** Tokens a < b stand next to each other with only spaces between (no line break, no punctuation). */
  const spaces = (a: number, b: number) => /^[ \u00A0]+$/.test(text.slice(toks[a]!.end, toks[b]!.start));
  /** The lower-cased word right before token idx, when only spaces separate them. */
  const prevWordOf = (idx: number) => (idx > 0 && spaces(idx - 1, idx) ? lower(toks[idx - 1]!.text) : undefined);

  const cls: Classified[] = toks.map((t, idx) => classify(t, idx));
  if (process.env['DEBUG_NAMES']) console.error(toks.map((t, i) => `${t.text}:${cls[i]!.kind}`).join(' '));
  /** Whether token idx is a later item of a list of unit names: "Avdelningarna Pippi, Emil och Madicken". */
  function inUnitList(idx: number): boolean {
    let j = idx;
    let items = 0;
    while (j > 0) {
      if (lower(toks[j - 1]!.text) === 'och' && spaces(j - 1, j) && j >= 2 && toks[j - 2]!.cap && spaces(j - 2, j - 1)) j -= 2;
      else if (/^,[ \u00A0]+$/.test(text.slice(toks[j - 1]!.end, toks[j]!.start)) && toks[j - 1]!.cap) j -= 1;
      else break;
      items++;
    }
    if (items === 0 || j === 0 || !spaces(j - 1, j)) return false;
    const w = lower(toks[j - 1]!.text);
    return c.unitWords.some((u) => w === u || w.endsWith(u));
  }

  function classify(t: Tok, idx: number): Classified {
    const lw = lower(t.text);
    if (t.text.length > MAX_NAME_PART) return { kind: t.cap ? 'word' : 'lower' };
    const readings: { base: string; baseEnd: number }[] = [{ base: t.text, baseEnd: t.end }];
    if (t.genBase) readings.push({ base: t.genBase, baseEnd: t.start + t.genBase.length });
    if (c.roles.has(lw) && !t.allCaps) return { kind: 'role' };
    // Particles: "van der Meer", "af Klint"; written with a capital too ("El Amrani", "Dela Cruz"),
    // which only counts between two name parts (see the growth below).
    if (c.particles.has(lw) && (!t.cap || !t.initialOfSentence)) return { kind: 'particle' };
    // Initials written as a hyphenated pair: "J-O", "K-G", "P-O".
    if (/^\p{Lu}-\p{Lu}$/u.test(t.text)) return { kind: 'proper' };
    for (const r of readings) {
      const role = people?.roleOf(r.base);
      if (role === undefined) continue;
      // A known name typed in lower case counts unless it is also a Swedish word ("bo", "per").
      if (t.cap || t.allCaps || (!isSwedishWord(lower(r.base)) && r.base.length >= 3)) {
        return { kind: 'known', role, baseEnd: r.baseEnd };
      }
    }
    // "al-Hassan", "el-Amin": a particle joined to a capitalised name.
    const hy = /^(\p{Ll}+)-(\p{Lu}\p{Ll}.*)$/u.exec(t.text);
    if (hy && c.hyphenParticles.has(hy[1]!)) return { kind: 'unknown' };
    if (!t.cap) return { kind: t.allCaps ? 'word' : 'lower' };
    if (text[t.end] === '.' && isAbbreviation(t.text + '.')) return { kind: 'word' }; // "Ang.", "Tel."

    // "SIP-möten", "Maria-anmälningar": a compound whose head is an ordinary word.
    const lastPart = /-(\p{Ll}[\p{L}]*)$/u.exec(t.text)?.[1];
    if (lastPart !== undefined && isSwedishWord(lastPart)) return { kind: 'word' };
    // "El-Din", "Al-Amin": a particle and a name.
    const hyCap = /^(\p{Lu}\p{Ll}*)-\p{Lu}/u.exec(t.text);
    if (hyCap && c.hyphenParticles.has(lower(hyCap[1]!))) return { kind: 'unknown' };
    const prevWord = prevWordOf(idx);
    if (prevWord !== undefined && (c.blockedPrev.has(prevWord) || c.unitWords.some((u) => prevWord === u || prevWord.endsWith(u)))) return { kind: 'blocked' };
    // … and the rest of a list of such names ("Avdelningarna Pippi, Emil och Madicken").
    if (inUnitList(idx)) return { kind: 'blocked' };
    // After a postcode a capitalised word is a town ("792 30 Mora").
    if (/\d{3}[ \u00A0]?\d{2}[ \u00A0]+$/.test(text.slice(Math.max(0, t.start - 8), t.start))) return { kind: 'blocked' };
    if (c.blocked.has(lw) || c.blockedSuffixes.some((s) => lw.endsWith(s) && lw.length > s.length)) return { kind: 'blocked' };
    // After "i", "på", "vid" … a capitalised word is a place, not a person ("i Sandbjär", "i Nora").
    if (prevWord !== undefined && c.placePrepositions.has(prevWord) && !t.initialOfSentence) return { kind: 'proper' };
    for (const r of readings) {
      const lb = lower(r.base);
      const parts = lb.split('-');
      // "Inga-Maj", "Karl-Erik": every part a given name, even one that is also a word.
      if (parts.length > 1 && parts.every((p) => c.given.has(p) || c.ambiguousGiven.has(p))) return { kind: 'ambiguous', baseEnd: r.baseEnd, given: true };
      if (c.given.has(lb) || c.surnames.has(lb) || (parts.length > 1 && parts.some((p) => c.given.has(p) || c.surnames.has(p)))) {
        // A lexicon name that is also a Swedish word form ("Linden", "Nya") is ambiguous.
        if (isSwedishWord(lb)) return { kind: 'ambiguous', baseEnd: r.baseEnd, given: c.given.has(lb) };
        // A place the dictionary knows (Ludvika, Nora): a name only next to another name.
        const pf = lex.properNounFlags(r.base.charAt(0).toLocaleUpperCase('sv-SE') + r.base.slice(1));
        if (pf !== undefined && /[evd]/.test(pf)) return { kind: 'ambiguous', baseEnd: r.baseEnd, given: false };
        return { kind: 'name', baseEnd: r.baseEnd };
      }
      if (c.ambiguous.has(lb)) return { kind: 'ambiguous', baseEnd: r.baseEnd, given: c.ambiguousGiven.has(lb) };
    }
    const base = lower(t.genBase ?? t.text);
    if (isSwedishWord(lw) || (t.genBase && isSwedishWord(base))) {
      // Swedish surnames are often compounds of nature words (Stenmark, Lindberg, Ekholm): inside a
      // sentence, not after a place preposition, such a compound is taken for a surname.
      const parts = compoundParts(base);
      const head = parts.length > 1 ? parts[parts.length - 1]!.surface : '';
      if (!t.initialOfSentence && head && c.surnameHeads.includes(head) && !(prevWord !== undefined && c.placePrepositions.has(prevWord))) {
        return { kind: 'unknown', baseEnd: t.genBase ? t.start + t.genBase.length : t.end };
      }
      return { kind: 'word' };
    }
    // A proper noun the dictionary knows (mostly places: Kiruna, Rinkeby) that the name lexicon lacks.
    // Abbreviations ("Dnr", "Tfn") have no vowel; names do.
    if (!hasVowel(t.text)) return { kind: 'word' };
    // The dictionary's proper nouns: people carry only the genitive flag, places more.
    const flags = lex.properNounFlags(t.text);
    if (flags !== undefined) return { kind: flags === 'A' ? 'unknown' : 'proper' };
    return { kind: 'unknown', baseEnd: t.genBase && t.genBase.length >= c.rules.unknownMinLength ? t.start + t.genBase.length : t.end };
  }

  const adjacent = (i: number, j: number) => {
    // Tokens i < j are next to each other: only spaces or one line break between them.
    const gap = text.slice(toks[i]!.end, toks[j]!.start);
    return /^[ \t\u00A0]*\n?[ \t\u00A0]*$/.test(gap) && gap.length > 0;
  };
  const initialAt = (i: number): boolean => {
    // "A. Berg": a single capital and a full stop right before token i.
    const t = toks[i]!;
    return /(?:^|[\s(:])(?:\p{Lu}\.(?:-\p{Lu}\.)?[ \u00A0]?){1,3}[ \u00A0]$/u.test(text.slice(Math.max(0, t.start - 12), t.start));
  };
  const nextWord = (i: number): string | undefined => (toks[i + 1] && adjacent(i, i + 1) ? lower(toks[i + 1]!.text) : undefined);
  const nameLike = (k: Kind) => k === 'known' || k === 'name' || k === 'ambiguous' || k === 'unknown' || k === 'proper';

  const anchor = new Array<boolean>(toks.length).fill(false);
  for (let i = 0; i < toks.length; i++) {
    const k = cls[i]!.kind;
    const t = toks[i]!;
    if (k === 'known' || k === 'name') anchor[i] = true;
    else if (k === 'ambiguous') {
      // "Per Andersson", and two ambiguous parts when the first is a given name ("Hans Berg").
      const neighbourName = (j: number) =>
        j >= 0 && j < toks.length && nameLike(cls[j]!.kind) && (cls[j]!.kind !== 'ambiguous' || (cls[i]!.given === true && toks[j]!.cap && !toks[j]!.initialOfSentence));
      const nextName = i + 1 < toks.length && adjacent(i, i + 1) && neighbourName(i + 1);
      const nextCapWord = i + 1 < toks.length && adjacent(i, i + 1) && toks[i + 1]!.cap && !nameLike(cls[i + 1]!.kind);
      // At the start of a sentence only before a verb that people are the subject of ("Lisa berättade").
      // ... or before an age: "Saga, 5 år, har ..."
      const nextVerb =
        (i + 1 < toks.length && adjacent(i, i + 1) && c.personVerbs.has(lower(toks[i + 1]!.text))) ||
        /^,[ \u00A0]*\d{1,2}[ \u00A0]*år/u.test(text.slice(t.end, t.end + 12));
      const givenName = cls[i]!.given === true || c.given.has(lower(t.genBase ?? t.text)) || c.given.has(lower(t.text));
      anchor[i] = nextName || (cls[i]!.given === true && !nextCapWord && !t.initialOfSentence) || (givenName && t.initialOfSentence && nextVerb);
    } else if (k === 'unknown') {
      // At the start of a sentence an unknown capitalised word followed by a lower-case word is
      // most often a person ("Maret berättade", "Abebe i förskoleklassen har …").
      const nextLower = i + 1 < toks.length && (cls[i + 1]!.kind === 'lower' || cls[i + 1]!.kind === 'role') && spaces(i, i + 1);
      anchor[i] = t.text.length >= c.rules.unknownMinLength && (!t.initialOfSentence || nextLower);
    }
    if (!anchor[i] && (k === 'unknown' || k === 'ambiguous' || k === 'word')) {
      // After a role word ("rektorn Lejla …", "förste vice ordförande Sten …") or an initial.
      const prev = i > 0 && adjacent(i - 1, i) ? cls[i - 1]!.kind : undefined;
      if (prev === 'role' && k !== 'word') anchor[i] = true;
      if (prev === 'role' && k === 'word' && i + 1 < toks.length && adjacent(i, i + 1) && cls[i + 1]!.kind !== 'lower') anchor[i] = true;
      if (initialAt(i) && k !== 'word') anchor[i] = true;
      // "Xxx Yyy (rektor)" and "(Xxx Yyy, rektor)"
      const after = text.slice(t.end, t.end + 40);
      if (k !== 'word' && /^['’]?s?[ \u00A0]*[(,][ \u00A0]*[\p{Ll}]/u.test(after)) {
        const roleWord = /^['’]?s?[ \u00A0]*[(,][ \u00A0]*([\p{Ll}]+)/u.exec(after)?.[1];
        if (roleWord && c.roles.has(roleWord)) anchor[i] = true;
      }
    }
  }

  // "Klara och Ebba", "Kalle, Sami och …": an ambiguous given name listed with a name is one too.
  for (let i = 0; i + 2 < toks.length; i++) {
    const k = cls[i]!.kind;
    if (anchor[i] || !((k === 'ambiguous' && cls[i]!.given) || k === 'unknown' || k === 'name')) continue;
    const gap = text.slice(toks[i]!.end, toks[i + 1]!.start);
    const joined = (lower(toks[i + 1]!.text) === 'och' && /^[ \u00A0]+$/.test(gap)) || /^,[ \u00A0]+$/.test(gap);
    const partner = lower(toks[i + 1]!.text) === 'och' ? i + 2 : i + 1;
    if (joined && partner < toks.length && anchor[partner] && toks[partner]!.cap) anchor[i] = true;
  }

  // Names typed in lower case (search boxes, hurried notes): a given name from the lexicon that is
  // no Swedish word, followed by a surname from the lexicon or a word that is no Swedish word.
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i]!;
    const u = toks[i + 1]!;
    if (cls[i]!.kind !== 'lower' || cls[i + 1]!.kind !== 'lower' || !adjacent(i, i + 1)) continue;
    const lt = lower(t.text);
    const lu = lower(u.genBase ?? u.text);
    const givenLike = (c.given.has(lt) && !isSwedishWord(lt)) || (c.ambiguousGiven.has(lt) && c.surnames.has(lu) && !isSwedishWord(lu));
    if (!givenLike) continue;
    if (isSwedishWord(lower(u.text)) && !c.surnames.has(lu)) continue;
    if (!c.surnames.has(lu) && !c.surnames.has(lower(u.text)) && (u.text.length < 4 || !hasVowel(u.text))) continue;
    anchor[i] = true;
    cls[i] = { kind: 'unknown' };
    cls[i + 1] = { kind: 'unknown' };
  }

  for (let i = 0; i < toks.length; i++) {
    if (cls[i]!.kind !== 'lower' || anchor[i]) continue;
    const lt = lower(toks[i]!.text);
    if (isSwedishWord(lt) || lt.length < 4 || c.roles.has(lt)) continue;
    // A place typed in lower case ("rektor rinkeby"): the dictionary has it capitalised as a place.
    const flags = lex.properNounFlags(lt.charAt(0).toLocaleUpperCase('sv-SE') + lt.slice(1));
    if (flags !== undefined && flags !== 'A') continue;
    if (i > 0 && c.blockedPrev.has(lower(toks[i - 1]!.text))) continue;
    if (!c.given.has(lt) && /^[ \u00A0:]*\d/u.test(text.slice(toks[i]!.end, toks[i]!.end + 3))) continue; // personnr 2011…

    // "skolchef abdirahman", or a given name from the lexicon on its own ("träffade amina").
    const afterRole = i > 0 && cls[i - 1]!.kind === 'role' && adjacent(i - 1, i);
    const hyphenGiven = lt.includes('-') && lt.split('-').every((p) => c.given.has(p) || c.ambiguousGiven.has(p));
    if (afterRole || c.given.has(lt) || hyphenGiven || (c.surnames.has(lt) && lt.length >= 5)) {
      anchor[i] = true;
      cls[i] = { kind: 'unknown' };
    }
  }

  const out: NameFinding[] = [];
  const used = new Array<boolean>(toks.length).fill(false);
  // Public names that are content, not personal data ("Maria Montessori", "Lex Sarah").
  for (const re of c.publicNames) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      toks.forEach((t, j) => {
        if (t.start >= m.index && t.end <= m.index + m[0].length) used[j] = true;
      });
    }
  }
  for (let i = 0; i < toks.length; i++) {
    if (!anchor[i] || used[i]) continue;
    let a = i;
    let b = i;
    // Grow left over capitalised name-like words (and particles between them).
    while (a > 0 && adjacent(a - 1, a)) {
      const k = cls[a - 1]!.kind;
      if (nameLike(k)) a--; else if (k === 'particle' && a - 2 >= 0 && adjacent(a - 2, a - 1) && nameLike(cls[a - 2]!.kind)) a -= 2;
      else if (k === 'particle' && a - 3 >= 0 && cls[a - 2]!.kind === 'particle' && adjacent(a - 3, a - 2) && nameLike(cls[a - 3]!.kind)) a -= 3;
      else break;
    }
    // Grow right; a genitive ends the name, unless another name part follows ("Dimitris Papadopoulos").
    while (b + 1 < toks.length && adjacent(b, b + 1)) {
      const k = cls[b + 1]!.kind;
      const genitive = cls[b]!.baseEnd !== undefined && cls[b]!.baseEnd! < toks[b]!.end;
      if (genitive) {
        if (!(nameLike(k) && toks[b + 1]!.cap)) break;
        cls[b] = { ...cls[b]!, baseEnd: toks[b]!.end };
      }
      const nt = toks[b + 1]!;
      // A capitalised word right after a name part, inside a sentence, is most often a surname
      // (Nord, Ljung, Ek, Lund), unless it is an organisation or a school word.
      const surnameAfter = (j: number) =>
        toks[j]!.cap && !toks[j]!.initialOfSentence && (cls[j]!.kind === 'word' || (cls[j]!.kind === 'blocked' && (c.surnames.has(lower(toks[j]!.text)) || c.ambiguous.has(lower(toks[j]!.text)))));
      if (nameLike(k)) b++;
      else if (k === 'particle' && b + 2 < toks.length && adjacent(b + 1, b + 2) && toks[b + 2]!.cap) b += 2;
      else if (k === 'particle' && b + 3 < toks.length && cls[b + 2]!.kind === 'particle' && adjacent(b + 2, b + 3) && toks[b + 3]!.cap) b += 3;
      else if (nt.cap && surnameAfter(b + 1) && !c.blockedNext.has(lower(nt.text)) && cls[b]!.kind !== 'proper') b++;
      else break;
    }
    // A school or organisation named after a person: "Astrid Lindgrens skola", "Selma Lagerlöfgymnasiet".
    const next = nextWord(b);
    const afterNext = next !== undefined && b + 2 < toks.length && adjacent(b + 1, b + 2) && !/\p{Ll}/u.test(toks[b + 1]!.text.charAt(0)) ? lower(toks[b + 2]!.text) : undefined;
    const orgWord = (w: string | undefined) => w !== undefined && (c.blockedNext.has(w) || c.blockedSuffixes.some((s) => w.endsWith(s) && w.length > s.length + 2));
    if (orgWord(next) || (afterNext !== undefined && c.blockedNext.has(afterNext))) {
      for (let j = a; j <= b; j++) used[j] = true;
      continue;
    }
    if (b + 1 < toks.length && adjacent(b, b + 1) && cls[b + 1]!.kind === 'blocked' && /\p{Ll}/u.test(toks[b + 1]!.text.charAt(toks[b + 1]!.text.length - 1))) {
      const nb = lower(toks[b + 1]!.text);
      // Only when the word before the suffix is itself a name: "Lagerlöf|gymnasiet", not "Skol|verket".
      const named = (s: string) => {
        const stem = nb.slice(0, nb.length - s.length).replace(/s$/, '');
        return c.given.has(stem) || c.surnames.has(stem) || c.ambiguous.has(stem) || !isSwedishWord(stem);
      };
      if (!c.blocked.has(nb) && c.blockedSuffixes.some((s) => nb.endsWith(s) && nb.length > s.length && named(s))) {
        for (let j = a; j <= b + 1; j++) used[j] = true;
        continue;
      }
    }
    let start = toks[a]!.start;
    // Include a capital initial before the name ("A. Berg").
    const before = /(?:^|[\s(:])((?:\p{Lu}\.(?:-\p{Lu}\.)?[ \u00A0]?){1,3}[ \u00A0]|\p{Lu}{2}[ \u00A0])$/u.exec(text.slice(Math.max(0, start - 12), start));
    if (before) start -= before[1]!.length;
    // A particle before the first name part belongs to it: "von Lanken", "de los Santos".
    for (let j = a - 1; j >= 0 && j >= a - 2 && cls[j]!.kind === 'particle' && adjacent(j, j + 1) && !toks[j]!.cap; j--) start = Math.min(start, toks[j]!.start);
    const last = cls[b]!;
    const end = last.baseEnd ?? toks[b]!.end;
    const roles = new Set<string>();
    let ambiguousRole = false;
    for (let j = a; j <= b; j++) {
      used[j] = true;
      const r = cls[j]!.role;
      // A part shared by several people says nothing; the other parts of the name may.
      if (r === c.rules.ambiguousRole) ambiguousRole = true;
      else if (r !== undefined) roles.add(r);
    }
    if (ambiguousRole && roles.size === 0) roles.add(c.rules.ambiguousRole);
    const replacement =
      roles.size === 1 ? c.rules.roleTemplate.replace('{roll}', [...roles][0]!) : roles.size > 1 ? c.rules.roleTemplate.replace('{roll}', c.rules.ambiguousRole) : c.rules.replacement;
    // "Maria H." – a known or found first name followed by a surname initial.
    let finalEnd = end;
    const initialAfter = /^[ \u00A0]\p{Lu}\.(?!\p{L})/u.exec(text.slice(end, end + 4));
    if (initialAfter && end === toks[b]!.end) finalEnd = end + initialAfter[0].length;
    out.push({ start, end: finalEnd, replacement });
  }
  return out;
}

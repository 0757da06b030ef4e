#!/usr/bin/env node
// Builds the name lexicon in src/text/sv/names/ from
//   scripts/names/faker-names.json       (snapshot made by extract-faker.mjs from @faker-js/faker)
//   scripts/names/sources/first/*.txt     (hand-compiled given names, one file per origin)
//   scripts/names/sources/last/*.txt      (hand-compiled surnames, one file per origin)
//   scripts/names/sources/redaction-fornamn.json (the first names the redactor had before)
// and filters them against the Swedish Hunspell dictionary (dictionary-sv) and the lists in
// scripts/names/sources/{places,force-ambiguous,english-common,keep}.txt.
// Usage: node scripts/names/build.mjs [--stats]   (no dependencies beyond dictionary-sv in node_modules)
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const SRC = join(here, 'sources');
const OUT = join(repo, 'src', 'text', 'sv', 'names');
const DATE = '2026-12-07';
const collator = new Intl.Collator('sv', { sensitivity: 'variant' });
const sortSv = (a) => [...a].sort((x, y) => collator.compare(x, y) || (x < y ? -1 : x > y ? 1 : 0));

// ---------- reading ----------
/** Source files: '#' starts a comment; names are separated by whitespace or commas.
 *  A multi-word name is written with '_' for the space (Abd_al-Rahman) and split into its parts. */
function readTokens(file) {
  const out = [];
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    // '@include first/somali.txt': the names of another source file (patronymic traditions: the father's
    // given name is the surname).
    const inc = line.match(/^@include\s+(\S+)$/);
    if (inc) { out.push(...readTokens(join(SRC, inc[1]))); continue; }
    for (const t of line.split(/[\s,;]+/)) if (t) out.push(t.replace(/_/g, ' '));
  }
  return out;
}

// Lower-case particles that are not names by themselves.
const PARTICLES = new Set(['de', 'da', 'das', 'do', 'dos', 'del', 'della', 'dei', 'degli', 'di', 'dal', 'du', 'des',
  'la', 'le', 'les', 'lo', 'van', 'von', 'der', 'den', 'ter', 'ten', 'te', 'af', 'av', 'y', 'e', 'i', 'zu', 'al', 'el',
  'bin', 'ibn', 'bint', 'ben', 'abu', 'st', 'mac', 'mc', "d'", 'd’', 'o']);

const GLUE_PREFIXES = new Set(['Mac', 'Del', 'Della', 'Dal', 'Van', 'Von', 'Ter', 'Ten', 'Des', 'Les', 'Las', 'Los']);

function cap(s) {
  // First letter upper case; the rest as written unless the whole thing was lower or upper case.
  if (s === s.toLowerCase() || s === s.toUpperCase()) {
    return s.toLowerCase().replace(/(^|[-'’ ])(\p{L})/gu, (m, p, c) => p + c.toUpperCase());
  }
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Splits a raw entry into the name entries it yields (the whole hyphenated form and its parts). */
function entries(raw) {
  const s = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  const out = [];
  for (const w of s.split(' ')) {
    if (!w || PARTICLES.has(w.toLowerCase())) continue;
    if (/^\p{Ll}/u.test(w) && PARTICLES.has(w.toLowerCase().replace(/['’].*$/, "'"))) continue;
    let c = cap(w.replace(/^[‘'’]+|[‘'’.]+$/g, ''));
    if (!c) continue;
    // Double surnames glued together in faker's hr/sr lists (BalogŠandor): hyphenate them (Balog-Šandor).
    const glued = c.match(/^(\p{Lu}\p{Ll}{2,})(\p{Lu}\p{Ll}+)$/u);
    if (glued && !GLUE_PREFIXES.has(glued[1])) c = `${glued[1]}-${glued[2]}`;
    out.push(c);
    if (c.includes('-')) for (const part of c.split('-')) if (part && !PARTICLES.has(part.toLowerCase())) out.push(cap(part));
  }
  return out;
}

// ---------- spelling variants ----------
const KEEP_SV = /[åäöÅÄÖ]/;
const SPECIAL = { 'ß': 'ss', 'đ': 'dj', 'Đ': 'Dj', 'æ': 'ae', 'Æ': 'Ae', 'ø': 'o', 'Ø': 'O', 'ł': 'l', 'Ł': 'L',
  'ı': 'i', 'İ': 'I', 'þ': 'th', 'Þ': 'Th', 'ð': 'd', 'Ð': 'D', 'œ': 'oe', 'Œ': 'Oe', 'ʻ': "'", 'ʼ': "'", '‘': "'" };
function foldExceptSwedish(s) {
  let out = '';
  for (const ch of s) {
    if (KEEP_SV.test(ch)) { out += ch; continue; }
    if (SPECIAL[ch]) { out += SPECIAL[ch]; continue; }
    out += ch.normalize('NFD').replace(/\p{M}/gu, '');
  }
  return out.normalize('NFC');
}
const foldAll = (s) => foldExceptSwedish(s).normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
function variants(name) {
  const v = new Set([name]);
  const a = foldExceptSwedish(name);
  v.add(a);
  v.add(foldAll(name));
  if (/ü/i.test(name)) v.add(foldExceptSwedish(name.replace(/ü/g, 'ue').replace(/Ü/g, 'Ue')));
  if (/[øØ]/.test(name)) v.add(name.replace(/ø/g, 'ö').replace(/Ø/g, 'Ö'));
  if (/[æÆ]/.test(name)) v.add(name.replace(/æ/g, 'ä').replace(/Æ/g, 'Ä'));
  if (/[đĐ]/.test(name)) v.add(foldAll(name.replace(/đ/g, 'd').replace(/Đ/g, 'D')));
  if (/’/.test(name)) v.add(name.replace(/’/g, "'"));
  if (/'/.test(name)) v.add(name.replace(/'/g, '’'));
  return [...v];
}
/** Swedish surname spelling variants: -qvist/-kvist/-quist, -ström/-strom no (handled by folding). */
function swedishSurnameVariants(name) {
  const m = name.match(/^(.*?)(qvist|kvist|quist)$/i);
  if (!m) return [name];
  return [name, m[1] + 'qvist', m[1] + 'kvist', m[1] + 'quist'].map(cap);
}

// ---------- Swedish dictionary ----------
function loadHunspell() {
  const base = join(repo, 'node_modules', 'dictionary-sv');
  const aff = readFileSync(join(base, 'index.aff'), 'utf8').split(/\r?\n/);
  const dic = readFileSync(join(base, 'index.dic'), 'utf8').split(/\r?\n/).slice(1);
  const rules = new Map(); // flag -> [{strip, add, cond:RegExp, cont}]
  let needAffix = '¤', onlyInCompound = 'Z', forbidden = '%';
  for (const line of aff) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'NEEDAFFIX') needAffix = f[1];
    if (f[0] === 'ONLYINCOMPOUND') onlyInCompound = f[1];
    if (f[0] === 'FORBIDDENWORD') forbidden = f[1];
    if (f[0] !== 'SFX' || f.length < 5) continue;
    const [, flag, strip, addField, cond] = f;
    const [add, cont = ''] = addField.split('/');
    if (!rules.has(flag)) rules.set(flag, []);
    rules.get(flag).push({ strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add, cont,
      cond: new RegExp((cond === '.' ? '' : cond) + '$', 'u') });
  }
  const stems = new Set();
  const forms = new Set();
  const expand = (word, flags, depth) => {
    for (const fl of flags) {
      for (const r of rules.get(fl) ?? []) {
        if (!r.cond.test(word) || (r.strip && !word.endsWith(r.strip))) continue;
        const w = word.slice(0, word.length - r.strip.length) + r.add;
        if (r.cont.includes(onlyInCompound)) continue; // linking forms: not free words
        forms.add(w);
        if (depth < 1 && r.cont) expand(w, r.cont, depth + 1);
      }
    }
  };
  for (const line of dic) {
    if (!line) continue;
    const i = line.indexOf('/');
    const word = i < 0 ? line : line.slice(0, i);
    const flags = i < 0 ? '' : line.slice(i + 1).split(/\s/)[0];
    if (word !== word.toLowerCase() || !/^\p{Ll}/u.test(word)) continue; // ordinary words only
    if (flags.includes(forbidden)) continue;
    if (!flags.includes(needAffix) && !flags.includes(onlyInCompound)) stems.add(word);
    expand(word, flags, 0);
  }
  return { stems, forms };
}

// ---------- main ----------
const origins = { first: new Map(), last: new Map() }; // kind -> origin -> Set(names)
const add = (kind, origin, raw) => {
  if (!origins[kind].has(origin)) origins[kind].set(origin, new Set());
  const set = origins[kind].get(origin);
  for (const e of entries(raw)) for (const v of variants(e)) {
    for (const w of kind === 'last' ? swedishSurnameVariants(v) : [v]) set.add(w);
  }
};

const faker = JSON.parse(readFileSync(join(here, 'faker-names.json'), 'utf8'));
for (const [loc, { first, last }] of Object.entries(faker.locales)) {
  // Vietnamese given names are listed as two-syllable 'middle + given' pairs: each syllable is a name.
  for (const n of first) add('first', `faker:${loc}`, n);
  for (const n of last) add('last', `faker:${loc}`, n);
}
for (const kind of ['first', 'last']) {
  const dir = join(SRC, kind);
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.txt')).sort()) {
    for (const t of readTokens(join(dir, f))) add(kind, basename(f, '.txt'), t);
  }
}
const existing = JSON.parse(readFileSync(join(repo, 'scripts', 'names', 'sources', 'redaction-fornamn.json'), 'utf8'));
for (const n of existing.names) add('first', 'redaction-fornamn.json', n);

const readSet = (f) => new Set(existsSync(join(SRC, f)) ? readTokens(join(SRC, f)) : []);
const places = new Set([...readSet('places.txt')].flatMap((p) => entries(p)));
const forced = readSet('force-ambiguous.txt');
const english = new Set([...readSet('english-common.txt')].map((w) => w.toLowerCase()));
const keep = readSet('keep.txt');
const cspellWords = readSet('cspell-sv-words.txt'); // names that are words in @cspell/dict-sv (see cspell-words.mjs)
const exclude = readSet('exclude.txt'); // not names at all (junk in sources): dropped everywhere
const { stems, forms } = loadHunspell();
// The analyser's Swedish stopwords (function words and their abbreviations) are never names either.
const stopwords = new Set(readFileSync(join(repo, 'src', 'text', 'sv', 'stopwords.txt'), 'utf8').split(/\r?\n/)
  .map((l) => l.trim().toLowerCase().replace(/\.$/, '')).filter((l) => l && !l.startsWith('#')));

const all = { first: new Map(), last: new Map() }; // name -> Set(origin)
for (const kind of ['first', 'last']) {
  for (const [origin, set] of origins[kind]) for (const n of set) {
    if ([...n.replace(/[-'’]/g, '')].length < 3) continue; // 1–2 letter names are left out entirely
    if (!/^\p{Lu}[\p{L}\p{M}'’-]*\p{L}$/u.test(n) || /--/.test(n)) continue;
    if (exclude.has(n)) continue;
    if (!all[kind].has(n)) all[kind].set(n, new Set());
    all[kind].get(n).add(origin);
  }
}

function reason(name) {
  if (forced.has(name)) return 'manual';
  if (keep.has(name)) return null;
  if (places.has(name)) return 'place';
  const lc = name.toLowerCase();
  if (stopwords.has(lc)) return 'sv-stopword';
  if (stems.has(lc)) return 'sv-word';
  if (forms.has(lc)) return 'sv-form';
  if (cspellWords.has(name)) return 'sv-cspell';
  // Hyphenated: ambiguous if every part is a word (rare); otherwise fine.
  if (english.has(lc)) return 'en-word';
  return null;
}

const result = { first: [], last: [] };
const ambiguous = new Map(); // name -> {kinds:Set, reason}
for (const kind of ['first', 'last']) {
  for (const name of all[kind].keys()) {
    const r = reason(name);
    if (r) {
      if (!ambiguous.has(name)) ambiguous.set(name, { kinds: new Set(), reason: r });
      ambiguous.get(name).kinds.add(kind);
    } else result[kind].push(name);
  }
}

const header = (title, extra) => [
  `# ${title}`,
  `# Generated ${DATE} by scripts/names/build.mjs; do not edit by hand (edit scripts/names/sources/ and rebuild).`,
  `# Sources: @faker-js/faker ${faker.fakerVersion} person name lists (Latin-script locales, see README.md),`,
  '# hand-compiled lists per origin (scripts/names/sources/), scripts/names/sources/redaction-fornamn.json.',
  '# Names that are also ordinary Swedish words, places or common English words are in ambiguous.txt instead.',
  ...extra,
  '# One name per line, UTF-8, sorted; lines starting with # are comments.',
];
writeFileSync(join(OUT, 'fornamn.txt'), [...header('Förnamn (given names) of people living in Sweden, all origins', []), ...sortSv(result.first)].join('\n') + '\n');
writeFileSync(join(OUT, 'efternamn.txt'), [...header('Efternamn (surnames) of people living in Sweden, all origins', []), ...sortSv(result.last)].join('\n') + '\n');
const ambLines = sortSv(ambiguous.keys()).map((n) => {
  const a = ambiguous.get(n);
  return `${n}\t# ${[...a.kinds].sort().join(',')} ${a.reason}`;
});
writeFileSync(join(OUT, 'ambiguous.txt'), [
  '# Names that are also ordinary text: never redact on the list alone (use context: a known participant,',
  '# a following surname, a title). Kept out of fornamn.txt and efternamn.txt.',
  `# Generated ${DATE} by scripts/names/build.mjs from the same sources as fornamn.txt/efternamn.txt.`,
  '# One name per line; after it, as a trailing comment (TAB # …): the list(s) it came from (first, last) and the reason:',
  '#   sv-word  the lower-case form is a dictionary-sv stem (dag, sten, björn)',
  '#   sv-stopword a Swedish function word (src/text/sv/stopwords.txt)',
  '#   sv-form  the lower-case form is an inflected form of a dictionary-sv stem (hans, mats → see keep.txt)',
  '#   sv-cspell the lower-case form is a word in @cspell/dict-sv (full-form list; scripts/names/sources/cspell-sv-words.txt)',
  '#   place    a Swedish municipality, county, province or large town (scripts/names/sources/places.txt)',
  '#   en-word  a very common English word (Hope, Will, Young)',
  '#   manual   listed in scripts/names/sources/force-ambiguous.txt (organisations, holidays, school words)',
  ...ambLines,
].join('\n') + '\n');

// ---------- statistics ----------
const stats = { first: {}, last: {} };
for (const kind of ['first', 'last']) {
  const kept = new Set(result[kind]);
  for (const [origin, set] of origins[kind]) {
    let inList = 0;
    for (const n of set) if (kept.has(n)) inList++;
    stats[kind][origin] = { raw: set.size, inList };
  }
}
const summary = { fornamn: result.first.length, efternamn: result.last.length, ambiguous: ambiguous.size,
  ambiguousByReason: {} };
for (const a of ambiguous.values()) summary.ambiguousByReason[a.reason] = (summary.ambiguousByReason[a.reason] ?? 0) + 1;
writeFileSync(join(here, 'stats.json'), JSON.stringify({ summary, ...stats }, null, 1) + '\n');
console.log(JSON.stringify(summary));
if (process.argv.includes('--stats')) console.log(JSON.stringify(stats, null, 1));
if (process.argv.includes('--sample')) {
  const pick = (a, n) => { const c = [...a]; for (let i = c.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [c[i], c[j]] = [c[j], c[i]]; } return c.slice(0, n); };
  console.log(`fornamn.txt ${result.first.length}: ${pick(result.first, 30).join(', ')}`);
  console.log(`efternamn.txt ${result.last.length}: ${pick(result.last, 30).join(', ')}`);
  console.log(`ambiguous.txt ${ambiguous.size}: ${pick([...ambiguous.keys()], 30).join(', ')}`);
}

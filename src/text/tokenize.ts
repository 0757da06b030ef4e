// Tokenisation of Swedish text into words and numbers with character offsets.
//
// - Words are runs of Unicode letters, combining marks and digits (å, ä, ö, é, also decomposed
//   "a" + U+030A); soft hyphens inside a word are kept in `text` and dropped from `norm`.
// - Hyphenated words stay one token: "SKA-arbetet", "e-post", "covid-19".
// - A word cut before a hyphen ("förskole- och skolformer") keeps its hyphen: token "förskole-",
//   so the analyser can see the suspended compound.
// - Numbers keep inner separators: "3,5", "2024-03-01", "08:30", "12.5".
// - Dotted abbreviations from sv/abbreviations.txt are one token each: "t.ex.", "fr.o.m.".
// Offsets are UTF-16 code-unit indexes into the original string (text === input.slice(start, end));
// `norm` is NFC and lowercase.
import { escapeRegExp } from './regexp.js';
import { swedishAbbreviations } from './abbreviations.js';

export interface Token {
  text: string;
  norm: string;
  start: number;
  end: number;
}

const W = '[\\p{L}\\p{M}\\p{N}\\u00AD]';
const HYPHEN = "[-\\u2010\\u2011]";
const NUMBER = '\\p{N}+(?:[.,:\\-/]\\p{N}+)*';
// A word, inner hyphens/apostrophes joining more word characters, and a suspended-compound hyphen
// when the word ends at a hyphen followed by space, comma or slash.
const WORD = `${W}+(?:(?:${HYPHEN}|['\\u2019])${W}+)*(?:${HYPHEN}(?=[\\s,/]))?`;

let tokenPattern: RegExp | undefined;

function pattern(): RegExp {
  if (!tokenPattern) {
    const abbr = swedishAbbreviations()
      .dotted.map(escapeRegExp)
      .join('|');
    const abbrPart = abbr ? `(?<![\\p{L}\\p{N}])(?:${abbr})(?![\\p{L}\\p{N}])|` : '';
    tokenPattern = new RegExp(`${abbrPart}${NUMBER}(?![\\p{L}\\p{M}\\p{N}]|${HYPHEN}\\p{L})|${WORD}`, 'giu');
  }
  return tokenPattern;
}

// Text without combining marks or characters from scripts where NFC can change them is already NFC.
const NEEDS_NFC = /[^\u0000-\u02ff]/u;

/** Normalised form of a token: NFC, lowercase, without soft hyphens. */
export function normalizeToken(text: string): string {
  const nfc = NEEDS_NFC.test(text) ? text.normalize('NFC') : text;
  const lower = nfc.toLowerCase();
  return lower.includes('\u00AD') ? lower.replace(/\u00AD/g, '') : lower;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = pattern();
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const t = m[0];
    const norm = normalizeToken(t);
    if (!norm) continue;
    out.push({ text: t, norm, start: m.index, end: m.index + t.length });
  }
  return out;
}

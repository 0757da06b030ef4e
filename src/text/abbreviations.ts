// Swedish abbreviations with full stops, from sv/abbreviations.txt.
import { readDataLines } from './data-files.js';

export interface Abbreviations {
  /** All abbreviations, lowercase, as written (t.ex., bl.a., kap.). */
  all: ReadonlySet<string>;
  /** Those that often close a sentence (m.m., osv.): a capital after them starts a new one. */
  mayEndSentence: ReadonlySet<string>;
  /** Those with an inner full stop (t.ex., fr.o.m.), longest first: one token each. */
  dotted: readonly string[];
}

let abbreviations: Abbreviations | undefined;

export function swedishAbbreviations(): Abbreviations {
  if (!abbreviations) {
    const all = new Set<string>();
    const mayEnd = new Set<string>();
    for (const line of readDataLines('abbreviations.txt')) {
      const [abbr = '', flag] = line.split(/\t+/);
      const a = abbr.trim().toLowerCase();
      if (!a) continue;
      all.add(a);
      if (flag?.trim() === 'end') mayEnd.add(a);
    }
    const dotted = [...all].filter((a) => /[.:]./u.test(a)).sort((x, y) => y.length - x.length);
    abbreviations = { all, mayEndSentence: mayEnd, dotted };
  }
  return abbreviations;
}

/** Whether `word` (any case, with its full stop) is a known abbreviation. */
export function isAbbreviation(word: string): boolean {
  return swedishAbbreviations().all.has(word.toLowerCase());
}

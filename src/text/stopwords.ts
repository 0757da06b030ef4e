// Swedish stop words, from sv/stopwords.txt.
import { readDataLines } from './data-files.js';

let words: ReadonlySet<string> | undefined;

/** The stop-word list (lowercase, NFC). */
export function stopWords(): ReadonlySet<string> {
  words ??= new Set(readDataLines('stopwords.txt').map((w) => w.toLowerCase()));
  return words;
}

/** Whether a word (any case) is a stop word. */
export function isStopWord(word: string): boolean {
  return stopWords().has(word.normalize('NFC').toLowerCase());
}

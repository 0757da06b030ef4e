// Lemmatisation: the base form of a word (definite/plural nouns, verb and adjective forms), from the
// lexicon (Hunspell dictionary, domain lexicon, irregular forms); an unknown compound gets its
// head's lemma (styrkedjan -> styr + kedja -> styrkedja). Unknown words are returned as they are.
import { compoundLemma } from './compounds.js';
import { swedishLexicon } from './lexicon.js';

/** The base form of a word, lowercased; the word itself when it is unknown. */
export function lemmatize(word: string): string {
  const w = word.normalize('NFC').toLowerCase();
  if (!/^\p{L}+$/u.test(w)) return w;
  return swedishLexicon().lemmaOf(w) ?? compoundLemma(w) ?? w;
}

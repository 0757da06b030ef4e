// Swedish text analysis: tokens, stop words, stems, compounds, sentences and index terms.
export { analyze, analyzeWithOffsets, wordTerms, type AnalyzedTerm } from './analyze.js';
export { isAbbreviation, swedishAbbreviations, type Abbreviations } from './abbreviations.js';
export { compoundLemma, compoundParts, splitCompound, type CompoundPart } from './compounds.js';
export { lemmatize } from './lemma.js';
export { splitSentences, type SentenceSpan } from './sentences.js';
export { porterStem, stem } from './stem.js';
export { isStopWord, stopWords } from './stopwords.js';
export { normalizeToken, tokenize, type Token } from './tokenize.js';

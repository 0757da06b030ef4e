// Query analysis: the Swedish analysis of the query plus domain synonyms (synonyms.json).
import { readFileSync } from 'node:fs';
import { analyze } from '../text/analyze.js';
import { stem } from '../text/stem.js';
import { isStopWord } from '../text/stopwords.js';
import { tokenize } from '../text/tokenize.js';

interface SynonymGroup {
  /** Each entry's analysed terms. */
  entries: string[][];
}

let groups: SynonymGroup[] | undefined;
function synonymGroups(): SynonymGroup[] {
  if (!groups) {
    const data = JSON.parse(readFileSync(new URL('./synonyms.json', import.meta.url), 'utf8')) as { groups: string[][] };
    groups = data.groups.map((g) => ({ entries: g.map(wholeWordStems).filter((t) => t.length > 0) }));
  }
  return groups;
}

export interface QueryTerms {
  /** Terms of the query itself. */
  terms: string[];
  /** Terms added through synonyms. */
  expansions: string[];
}

export function queryTerms(query: string): QueryTerms {
  const terms = unique(analyze(query));
  const have = new Set([...terms, ...wholeWordStems(query)]);
  const expansions = new Set<string>();
  for (const g of synonymGroups()) {
    if (!g.entries.some((e) => e.every((t) => have.has(t)))) continue;
    for (const e of g.entries) for (const t of e) if (!have.has(t)) expansions.add(t);
  }
  return { terms, expansions: [...expansions] };
}

/**
 * Stems of the whole words only: a synonym adds its words, not the parts of its compounds
 * (expanding "långtidsfrånvaro" to "tid" would match almost everything).
 */
function wholeWordStems(phrase: string): string[] {
  return unique(tokenize(phrase).filter((t) => !isStopWord(t.norm)).map((t) => stem(t.norm)));
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

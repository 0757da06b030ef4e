// Highlighting: spans of a passage whose analysed terms meet the query's terms.
import { analyze } from '../text/analyze.js';
import { tokenize } from '../text/tokenize.js';

export function highlightSpans(text: string, terms: Set<string>): [number, number][] {
  if (!terms.size) return [];
  const spans: [number, number][] = [];
  for (const tok of tokenize(text)) {
    if (analyze(tok.text).some((t) => terms.has(t))) spans.push([tok.start, tok.end]);
  }
  return spans;
}

/** Marks spans with «…» for plain-text output. */
export function markSpans(text: string, spans: [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    out += text.slice(at, s) + '«' + text.slice(s, e) + '»';
    at = e;
  }
  return out + text.slice(at);
}

// Sentence boundaries in Swedish text.
//
// A sentence ends at ".", "!", "?" or "…" (with any closing quotes or brackets) followed by
// whitespace and then a capital letter, a digit, an opening quote/bracket or a list marker — or the
// end of the text. It does not end:
// - after an abbreviation from sv/abbreviations.txt (t.ex., bl.a., fr.o.m., kap., nr.), unless the
//   abbreviation is marked as one that may close a sentence (m.m., osv.) and a capital follows;
// - after an initial ("A. Svensson"): a single capital letter before the full stop;
// - after the number of a numbered list item at the start of a line ("1. Inledning");
// - inside numbers and dates ("3.5", "15.3.2024"), which have no space after the full stop.
// Line breaks: an empty line always ends a sentence; a single line break does when the next line
// starts with a list marker (-, *, •, 1., a)) or when the line before has no closing punctuation
// and the next one starts with a capital (headings, unpunctuated lists).
// Spans are trimmed of surrounding whitespace; offsets are UTF-16 indexes into the input.
import { swedishAbbreviations } from './abbreviations.js';

export interface SentenceSpan {
  start: number;
  end: number;
}

const CLOSERS = '"\'”’»)\\]';
const LIST_MARKER = /^(?:[-*•–—]\s|\d{1,3}[.)]\s|[a-zåäö][)]\s)/u;

function isSentenceStart(text: string, at: number): boolean {
  const rest = text.slice(at, at + 4);
  if (!rest) return true;
  const c = rest[0] ?? '';
  if (/[\p{Lu}\p{N}"“”'‘’«»(\[]/u.test(c)) return true;
  return LIST_MARKER.test(text.slice(at, at + 6));
}

/** The word (non-space run) that ends at `end`, without leading quotes or brackets. */
function wordBefore(text: string, end: number): string {
  let s = end;
  while (s > 0 && !/\s/u.test(text[s - 1] ?? ' ')) s--;
  return text.slice(s, end).replace(/^["'“”‘’«»(\[]+/u, '');
}

function isLineStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}

/** Whether the full stop at `dot` (punctuation run text[dot..]) does not end a sentence. */
function isNonFinalDot(text: string, dot: number, nextStart: number): boolean {
  const abbr = swedishAbbreviations();
  const word = wordBefore(text, dot + 1).toLowerCase();
  if (abbr.all.has(word)) {
    return !(abbr.mayEndSentence.has(word) && /\p{Lu}/u.test(text[nextStart] ?? ''));
  }
  const bare = word.slice(0, -1);
  if (/^\p{Lu}$/u.test(wordBefore(text, dot))) return true; // initial: "A. Svensson"
  if (/^\d{1,3}$/u.test(bare) && isLineStart(text, dot - bare.length)) return true; // "1. Inledning"
  return false;
}

export function splitSentences(text: string): SentenceSpan[] {
  const cuts: number[] = [];
  const punct = new RegExp(`[.!?…]+[${CLOSERS}]*(?=\\s|$)`, 'gu');
  for (let m = punct.exec(text); m; m = punct.exec(text)) {
    const end = m.index + m[0].length;
    let next = end;
    while (next < text.length && /\s/u.test(text[next] ?? '')) next++;
    if (next < text.length && !isSentenceStart(text, next)) continue;
    const onlyDots = /^\.[^.!?…]*$/u.test(m[0]);
    if (onlyDots && isNonFinalDot(text, m.index, next)) continue;
    cuts.push(end);
  }
  // Line breaks.
  const lineBreak = /\n[ \t]*/gu;
  for (let m = lineBreak.exec(text); m; m = lineBreak.exec(text)) {
    const next = m.index + m[0].length;
    const lineEnd = m.index;
    const before = text.slice(0, lineEnd).trimEnd();
    if (!before) continue;
    const blank = text[next] === '\n' || text[next] === '\r';
    const nextLine = text.slice(next, next + 6);
    const closed = /[.!?…:;,]["'”’»)\]]*$/u.test(before);
    const marker = LIST_MARKER.test(nextLine);
    const headingBreak = !closed && /^\p{Lu}/u.test(nextLine) && !/[-–,]$/u.test(before);
    if (blank || marker || headingBreak) cuts.push(lineEnd);
  }
  cuts.sort((a, b) => a - b);
  const spans: SentenceSpan[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    if (cut < from) continue;
    let s = from;
    let e = cut;
    while (s < e && /\s/u.test(text[s] ?? '')) s++;
    while (e > s && /\s/u.test(text[e - 1] ?? '')) e--;
    if (e > s) spans.push({ start: s, end: e });
    from = cut;
  }
  return spans;
}

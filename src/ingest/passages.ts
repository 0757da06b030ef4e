// Splitting approved (already redacted) text into passages a reader can quote: one paragraph per
// passage, long paragraphs cut at sentence boundaries. Offsets point into the note text.
import { splitSentences } from '../text/sentences.js';

export interface PassageSpan {
  ord: number;
  paragraph: number;
  start: number;
  end: number;
  text: string;
}

/** Paragraphs up to this length stay whole; longer ones are cut into sentence groups. */
const MAX_PARAGRAPH = 700;
const TARGET_CHUNK = 450;

export function paragraphSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const re = /\n[ \t]*\n/g;
  let from = 0;
  const push = (s: number, e: number) => {
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return spans;
}

export function splitPassages(text: string): PassageSpan[] {
  const out: PassageSpan[] = [];
  paragraphSpans(text).forEach((p, paragraph) => {
    const add = (start: number, end: number) =>
      out.push({ ord: out.length, paragraph, start, end, text: text.slice(start, end) });
    if (p.end - p.start <= MAX_PARAGRAPH) return add(p.start, p.end);
    const sentences = splitSentences(text.slice(p.start, p.end)).map((s) => ({ start: s.start + p.start, end: s.end + p.start }));
    let chunkStart = -1;
    let chunkEnd = -1;
    for (const s of sentences) {
      if (chunkStart >= 0 && s.end - chunkStart > TARGET_CHUNK) {
        add(chunkStart, chunkEnd);
        chunkStart = -1;
      }
      if (chunkStart < 0) chunkStart = s.start;
      chunkEnd = s.end;
    }
    if (chunkStart >= 0) add(chunkStart, chunkEnd);
  });
  return out;
}

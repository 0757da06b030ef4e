// Choosing a few items that are good and spread over many huvudmän: round by round, each
// huvudman's best remaining item, best first; a huvudman gets its second item only when every
// huvudman with items left has had one (so 10 quotes from ≥ 10 huvudmän when there are that many).
// Texts that say the same thing word for word are taken once. Pure.

export interface Spreadable {
  huvudmanId: string;
  noteId: string;
  text: string;
  score: number;
}

const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').replace(/[^\p{L}\p{N} ]/gu, '').trim();

export function spreadOverHuvudman<T extends Spreadable>(items: readonly T[], limit: number): T[] {
  const byHm = new Map<string, T[]>();
  const seen = new Set<string>();
  const sorted = [...items].sort((a, b) => b.score - a.score);
  for (const it of sorted) {
    const k = norm(it.text);
    if (seen.has(k)) continue;
    seen.add(k);
    (byHm.get(it.huvudmanId) ?? byHm.set(it.huvudmanId, []).get(it.huvudmanId)!).push(it);
  }
  // Within a huvudman, alternate notes: its best item from each note before a second from one.
  for (const [hm, list] of byHm) byHm.set(hm, interleaveByNote(list));
  const out: T[] = [];
  for (let round = 0; out.length < limit; round++) {
    const candidates = [...byHm.values()].filter((l) => l.length > round).map((l) => l[round]!);
    if (!candidates.length) break;
    candidates.sort((a, b) => b.score - a.score);
    for (const c of candidates) {
      if (out.length >= limit) break;
      out.push(c);
    }
  }
  return out;
}

function interleaveByNote<T extends Spreadable>(list: T[]): T[] {
  const byNote = new Map<string, T[]>();
  for (const it of list) (byNote.get(it.noteId) ?? byNote.set(it.noteId, []).get(it.noteId)!).push(it);
  const out: T[] = [];
  for (let r = 0; out.length < list.length; r++) {
    const row = [...byNote.values()].filter((l) => l.length > r).map((l) => l[r]!);
    out.push(...row.sort((a, b) => b.score - a.score));
  }
  return out;
}

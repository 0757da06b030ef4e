/** Synonym resources for retrofitting: the mythes-sv thesaurus and the project's domain file. */
import { existsSync, readFileSync } from 'node:fs';

/** A group of words or short phrases that should end up close together. */
export interface SynGroup {
  head: string;
  members: string[];
  /** Edge weight in retrofitting. */
  weight: number;
  source: 'thesaurus' | 'domain';
}

/**
 * mythes .dat format (ISO-8859-1 or as declared on line 1):
 *   headword|nMeanings
 *   (pos)|syn1|syn2|…     (one line per meaning)
 */
export function readMythes(path: string, maxWords = 3): SynGroup[] {
  if (!existsSync(path)) return [];
  const buf = readFileSync(path);
  const firstNl = buf.indexOf(10);
  const enc = buf.subarray(0, firstNl).toString('latin1').trim().toUpperCase();
  const text = enc.includes('UTF') ? buf.toString('utf8') : buf.toString('latin1');
  const lines = text.split('\n');
  const out: SynGroup[] = [];
  const ok = (w: string) => w.length > 0 && w.split(/\s+/).length <= maxWords;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const m = /^(.+)\|(\d+)$/.exec(line);
    if (!m) continue;
    const head = m[1]!.trim().toLowerCase();
    const count = parseInt(m[2]!, 10);
    const members: string[] = [];
    for (let k = 1; k <= count && i + k < lines.length; k++) {
      const parts = lines[i + k]!.trim().split('|').slice(1);
      for (const p of parts) {
        const w = p.replace(/\(.*?\)/g, '').trim().toLowerCase();
        if (ok(w) && w !== head && !members.includes(w)) members.push(w);
      }
    }
    i += count;
    if (ok(head) && members.length > 0) out.push({ head, members, weight: 1, source: 'thesaurus' });
  }
  return out;
}

/**
 * Domain synonym file: one group per line, members separated by " ~ ", '#' comments.
 *   hemmasittare ~ långvarig frånvaro ~ problematisk skolfrånvaro
 */
export function readDomainSynonyms(path: string, weight: number): SynGroup[] {
  const out: SynGroup[] = [];
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const members = line.split('~').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (members.length < 2) continue;
    out.push({ head: members[0]!, members: members.slice(1), weight, source: 'domain' });
  }
  return out;
}

// The people known for one huvudman: the participants of all its notes (this import and earlier
// ones) and its contact people. Their names are redacted in every note of the huvudman, also
// where the note itself does not list them.
//
// Earlier imports' people are kept only as keyed hashes of their name parts (HMAC-SHA-256 with a
// per-database key), with the role: enough to recognise a name in a new note, not to read one
// back. The plain names of the file being imported exist only in memory.
import { createHmac } from 'node:crypto';

export interface Participant {
  namn: string;
  roll: string;
}

export interface HashedNamePart {
  hash: string;
  role: string;
}

/** Lower-cased, NFC, Unicode apostrophes folded: how a name part is compared. */
export function normaliseNamePart(token: string): string {
  return token.normalize('NFC').replace(/’/g, "'").toLocaleLowerCase('sv-SE');
}

/**
 * Upper-case hex, 96 bits: no run of stored hash characters, nor a hash beside the role stored
 * next to it, can spell a name (every written name has a lower-case letter), so a byte scan of the
 * database for names stays meaningful. (Base64 hashes did: "…mBNa" + "dialogutförare".)
 */
export function hashNamePart(key: string, token: string): string {
  return createHmac('sha256', key).update(normaliseNamePart(token)).digest('hex').slice(0, 24).toUpperCase();
}

/** Name parts of a person: "Anna-Karin af Berg" → ["anna-karin", "anna", "karin", "berg"]. */
export function namePartsOf(namn: string, particles: ReadonlySet<string>, minLength: number): string[] {
  const out = new Set<string>();
  const words = namn
    .split(/[\s,;()/]+/u)
    .map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((w) => w.length > 0);
  for (const w of words) {
    const n = normaliseNamePart(w);
    if (particles.has(n)) continue;
    if (n.length >= minLength) out.add(n);
    if (n.includes('-')) for (const part of n.split('-')) if (part.length >= minLength && !particles.has(part)) out.add(part);
  }
  return [...out];
}

export interface PersonDirectoryOptions {
  particles: ReadonlySet<string>;
  minLength: number;
  /** Replacement when the same name part belongs to people with different roles. */
  ambiguousRole: string;
  fallbackRole: string;
}

/** Answers "is this token a known person's name part, and with what role?". */
export class PersonDirectory {
  private readonly plain = new Map<string, string>();
  private readonly hashed = new Map<string, string>();
  private fallback: PersonDirectory | null = null;

  constructor(
    private readonly opts: PersonDirectoryOptions,
    private readonly key: string | null = null,
  ) {}

  private put(map: Map<string, string>, k: string, role: string): void {
    const prev = map.get(k);
    map.set(k, prev === undefined || prev === role ? role : this.opts.ambiguousRole);
  }

  private roleOfParticipant(p: Participant): string {
    const roll = p.roll.replace(/[[\]]/g, '').trim();
    return roll.length > 0 ? roll : this.opts.fallbackRole;
  }

  addParticipants(list: readonly Participant[]): this {
    for (const p of list) {
      const role = this.roleOfParticipant(p);
      for (const part of namePartsOf(p.namn, this.opts.particles, this.opts.minLength)) this.put(this.plain, part, role);
    }
    return this;
  }

  addHashed(entries: readonly HashedNamePart[]): this {
    for (const e of entries) this.put(this.hashed, e.hash, e.role);
    return this;
  }

  /** A copy that also knows these participants (the directory itself is left as it is). */
  withParticipants(list: readonly Participant[]): PersonDirectory {
    const d = new PersonDirectory(this.opts, this.key);
    for (const [k, v] of this.plain) d.plain.set(k, v);
    for (const [k, v] of this.hashed) d.hashed.set(k, v);
    d.fallback = this.fallback;
    return d.addParticipants(list);
  }

  get size(): number {
    return this.plain.size + this.hashed.size;
  }

  /** Asks `other` for the name parts this directory does not know. */
  withFallback(other: PersonDirectory): this {
    this.fallback = other;
    return this;
  }

  /** The role of a name part as written in a text (any case), or undefined. */
  roleOf(token: string): string | undefined {
    const n = normaliseNamePart(token);
    const plain = this.plain.get(n);
    if (plain !== undefined) return plain;
    const hashed = this.key !== null && this.hashed.size > 0 ? this.hashed.get(hashNamePart(this.key, n)) : undefined;
    return hashed ?? this.fallback?.roleOf(token);
  }

  /** The plain entries as hashes, for storing. */
  toHashed(key: string): HashedNamePart[] {
    return [...this.plain].map(([part, role]) => ({ hash: hashNamePart(key, part), role }));
  }
}

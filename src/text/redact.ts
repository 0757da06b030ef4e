// Removal of personal data from note text before anything is stored, indexed or shown.
//
// The rules are DATA in ./sv/redaction.json (patterns, replacement tokens, which validator to run,
// participant and person-name settings) and ./sv/redaction-fornamn.json (first names for the
// person-name heuristic). This file only compiles and applies them:
//
//   1. every pattern rule is run over the ORIGINAL text; each hit is checked by its validator;
//   2. participants' names (full name, each name part, possessive forms) become "[roll]";
//   3. the heuristic turns "Förnamn Efternamn" of people not listed as participants into "[person]";
//   4. overlapping candidates are resolved: higher priority wins, then the longer hit, then the
//      earlier one; the survivors are replaced from left to right.
//
// `start`/`end` in the returned redactions are offsets into the original text. Leaking is worse
// than over-redacting, but content that matters for analysis (dates, amounts, counts, org numbers,
// postcodes, dnr, times) is never touched: see the negative tests in test/redact.test.ts.
import { readFileSync } from 'node:fs';
import personnummerModule from 'personnummer';
import { z } from 'zod';

export interface Participant {
  namn: string;
  roll: string;
}

export interface Redaction {
  kind: 'personnummer' | 'email' | 'telefon' | 'namn';
  start: number;
  end: number;
  replacement: string;
}

export interface RedactOptions {
  participants?: Participant[];
}

// ---------------------------------------------------------------------------------------------
// Configuration (data)

const kindSchema = z.enum(['personnummer', 'email', 'telefon', 'namn']);

const validatorSchema = z.discriminatedUnion('name', [
  z.object({
    name: z.literal('personnummer'),
    allowCoordinationNumber: z.boolean(),
    allowInterimNumber: z.boolean(),
    /** In the 10-digit form, a third digit ≥ this ("month" ≥ 20) marks an organisationsnummer. */
    orgnrThirdDigitFrom: z.number().int().min(0).max(9),
  }),
  z.object({
    name: z.literal('digitCount'),
    /** Removed (globally) before counting; what is left must be digits only. */
    strip: z.string(),
    min: z.number().int(),
    max: z.number().int(),
  }),
]);

const patternRuleSchema = z.object({
  id: z.string().min(1),
  kind: kindSchema,
  priority: z.number(),
  replacement: z.string().min(1),
  flags: z.string(),
  pattern: z.string().min(1),
  validator: validatorSchema.nullable(),
  comment: z.string().optional(),
});

const configSchema = z.object({
  version: z.number().int(),
  description: z.string().optional(),
  patternRules: z.array(patternRuleSchema),
  participants: z.object({
    kind: kindSchema,
    priority: z.number(),
    replacementTemplate: z.string().includes('{roll}'),
    fallbackRole: z.string().min(1),
    ambiguousReplacement: z.string().min(1),
    minTokenLength: z.number().int().min(1),
    uppercaseVariantMinLength: z.number().int().min(1),
    particles: z.array(z.string()),
    wordChars: z.string().min(1),
    possessiveSuffix: z.string(),
    initialSurname: z.boolean(),
    comment: z.string().optional(),
  }),
  personHeuristic: z.object({
    enabled: z.boolean(),
    kind: kindSchema,
    priority: z.number(),
    replacement: z.string().min(1),
    firstNamesFile: z.string().regex(/^redaction-[a-z0-9-]+\.json$/),
    surnamePattern: z.string().min(1),
    initialPattern: z.string().min(1),
    /** What may stand between the parts of a name: spaces, or a single line break. */
    nameGap: z.string().min(1),
    blockedSurnames: z.array(z.string()),
    blockedSurnameSuffixes: z.array(z.string()),
    blockedNextWords: z.array(z.string()),
    comment: z.string().optional(),
  }),
});

const firstNamesSchema = z.object({ description: z.string().optional(), names: z.array(z.string().min(1)) });

export type RedactionConfig = z.infer<typeof configSchema>;
type Validator = z.infer<typeof validatorSchema>;

interface CompiledRule {
  id: string;
  kind: Redaction['kind'];
  priority: number;
  replacement: string;
  re: RegExp;
  validate: (match: string) => boolean;
}

interface Compiled {
  config: RedactionConfig;
  rules: CompiledRule[];
  /** Person-name heuristic, or null when disabled. */
  person: {
    re: RegExp;
    blockedSurnames: Set<string>;
    blockedSuffixes: string[];
    blockedNext: Set<string>;
    nextWordRe: RegExp;
  } | null;
  wordChar: string;
}

const dataDir = new URL('./sv/', import.meta.url);

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, dataDir), 'utf8'));
}

function escapeRegExp(s: string): string {
  // Only syntax characters: in 'u' mode an identity escape of anything else ("\-") is an error.
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// The personnummer package ships CommonJS (module.exports = class) with an ESM-style `export
// default` in its types; depending on the loader the class arrives as the default import itself or
// under `.default`.
type PersonnummerClass = {
  valid(pin: string, options?: { allowCoordinationNumber: boolean; allowInterimNumber: boolean }): boolean;
};
const Personnummer: PersonnummerClass =
  (personnummerModule as unknown as { default?: PersonnummerClass }).default ??
  (personnummerModule as unknown as PersonnummerClass);

function compileValidator(v: Validator | null): (match: string) => boolean {
  if (v === null) return () => true;
  switch (v.name) {
    case 'personnummer':
      return (match) => {
        // Normalise the separator: spaces go, dash variants (en dash, non-breaking hyphen, minus …)
        // become '-', '+' (person over 100) stays. The package validates date, samordningsnummer
        // (day + 60) and the Luhn control digit.
        const pin = match.replace(/[\s\u00A0]/g, '').replace(/[\u2010-\u2013\u2212]/g, '-');
        const digits = pin.replace(/[^\dTRSUWXJKLMN]/g, '');
        const core = digits.slice(-10);
        // Organisationsnummer: the third digit of the 10-digit form is ≥ 2 (a "month" of 20 or more),
        // e.g. 769612-3456, 212000-1355, 556781-2345. They identify the huvudman, not a person, and
        // are kept for analysis. Date validation would reject most of them anyway; this makes it
        // explicit and independent of the package.
        const third = Number(core[2]);
        if (Number.isFinite(third) && third >= v.orgnrThirdDigitFrom) return false;
        // A string of this shape whose control digit does NOT validate is left as it is: it is not a
        // personal identity number (an arbitrary case number, a mistyped value, an amount without
        // separators …), and redacting every 10-digit number would destroy content. A mistyped but
        // real personnummer would leak; the agencies' case system validates them at entry.
        return Personnummer.valid(pin, {
          allowCoordinationNumber: v.allowCoordinationNumber,
          allowInterimNumber: v.allowInterimNumber,
        });
      };
    case 'digitCount': {
      const strip = new RegExp(v.strip, 'gu');
      return (match) => {
        const digits = match.replace(strip, '');
        return /^\d+$/.test(digits) && digits.length >= v.min && digits.length <= v.max;
      };
    }
  }
}

function withFlags(flags: string): string {
  let f = flags;
  if (!f.includes('g')) f += 'g';
  if (!f.includes('u')) f += 'u';
  return f;
}

export function compileRedactionConfig(raw: unknown, firstNamesRaw: unknown): Compiled {
  const config = configSchema.parse(raw);
  const rules: CompiledRule[] = config.patternRules.map((r) => ({
    id: r.id,
    kind: r.kind,
    priority: r.priority,
    replacement: r.replacement,
    re: new RegExp(r.pattern, withFlags(r.flags)),
    validate: compileValidator(r.validator),
  }));
  const wordChar = config.participants.wordChars;
  let person: Compiled['person'] = null;
  const h = config.personHeuristic;
  if (h.enabled) {
    const names = firstNamesSchema.parse(firstNamesRaw).names;
    // Longest first so that "Anna-Karin" wins over "Anna".
    const alt = [...new Set(names)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    const first = `(?:${alt})`;
    const sp = h.nameGap;
    person = {
      re: new RegExp(
        `(?<!${wordChar})${first}(?:${sp}${first})?${sp}(?<last>${h.surnamePattern}|${h.initialPattern})(?!${wordChar})`,
        'gu',
      ),
      blockedSurnames: new Set(h.blockedSurnames),
      blockedSuffixes: h.blockedSurnameSuffixes.map((s) => s.toLowerCase()),
      blockedNext: new Set(h.blockedNextWords.map((w) => w.toLowerCase())),
      nextWordRe: /^[ \u00A0]+([\p{L}\p{N}.]+)/u,
    };
  }
  return { config, rules, person, wordChar };
}

let cached: Compiled | undefined;
function compiled(): Compiled {
  if (!cached) {
    const raw = readJson('redaction.json');
    const parsed = configSchema.parse(raw);
    const firstNames = parsed.personHeuristic.enabled ? readJson(parsed.personHeuristic.firstNamesFile) : { names: [] };
    cached = compileRedactionConfig(raw, firstNames);
  }
  return cached;
}

// ---------------------------------------------------------------------------------------------
// Candidates

interface Candidate extends Redaction {
  priority: number;
}

function ruleCandidates(text: string, c: Compiled): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of c.rules) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length === 0 || !rule.validate(m[0])) continue;
      out.push({ kind: rule.kind, start, end, replacement: rule.replacement, priority: rule.priority });
    }
  }
  return out;
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('sv-SE') + s.slice(1);
}

/** Name parts of a participant: "Anna-Karin af Berg" → ["Anna-Karin", "Anna", "Karin", "Berg"]. */
function nameTokens(
  namn: string,
  c: Compiled,
): { words: string[]; first: string | undefined; last: string | undefined; tokens: string[] } {
  const p = c.config.participants;
  const particles = new Set(p.particles.map((x) => x.toLowerCase()));
  const words = namn
    .split(/[\s,;()]+/u)
    .map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((w) => w.length > 0);
  const significant = words.filter((w) => !particles.has(w.toLowerCase()));
  const tokens: string[] = [];
  for (const w of significant) {
    tokens.push(w);
    if (w.includes('-')) tokens.push(...w.split('-').filter((x) => x.length > 0));
  }
  const variants = new Set<string>();
  for (const t of tokens) {
    if (t.length < p.minTokenLength) continue;
    variants.add(t);
    // A name typed in lower case in the participant list still appears capitalised in the text.
    if (t === t.toLocaleLowerCase('sv-SE')) variants.add(capitalize(t));
    if (t.length >= p.uppercaseVariantMinLength) variants.add(t.toLocaleUpperCase('sv-SE'));
  }
  return { words, first: significant[0], last: significant.length > 1 ? significant[significant.length - 1] : undefined, tokens: [...variants] };
}

function participantCandidates(text: string, participants: Participant[], c: Compiled): Candidate[] {
  const p = c.config.participants;
  const roleOf = (x: Participant) => {
    const roll = x.roll.replace(/[[\]]/g, '').trim();
    return p.replacementTemplate.replace('{roll}', roll.length > 0 ? roll : p.fallbackRole);
  };
  // token → replacement; a token shared by participants with different roles is ambiguous.
  const byToken = new Map<string, string>();
  const fullNames: { pattern: string; replacement: string }[] = [];
  for (const part of participants) {
    const namn = part.namn.trim();
    if (namn.length === 0) continue;
    const replacement = roleOf(part);
    const { words, first, last, tokens } = nameTokens(namn, c);
    for (const t of tokens) {
      const prev = byToken.get(t);
      byToken.set(t, prev === undefined || prev === replacement ? replacement : p.ambiguousReplacement);
    }
    if (words.length > 1) {
      // The full name across any whitespace (line breaks included), and in capitals.
      for (const form of new Set([words, words.map((w) => w.toLocaleUpperCase('sv-SE'))])) {
        fullNames.push({ pattern: form.map(escapeRegExp).join('[\\s\\u00A0]+'), replacement });
      }
    }
    if (p.initialSurname && first && last && first.length >= p.minTokenLength) {
      // "Maria H." – first name and the surname's initial.
      fullNames.push({ pattern: `${escapeRegExp(first)}[ \\u00A0]+${escapeRegExp(last.charAt(0))}\\.`, replacement });
    }
  }
  const w = c.wordChar;
  const out: Candidate[] = [];
  const push = (pattern: string, replacement: string, possessive: boolean) => {
    const tail = possessive ? `(?=${p.possessiveSuffix}(?!${w}))` : `(?!${w})`;
    const re = new RegExp(`(?<!${w})(?:${pattern})${tail}`, 'gu');
    for (const m of text.matchAll(re)) {
      out.push({ kind: p.kind as Redaction['kind'], start: m.index, end: m.index + m[0].length, replacement, priority: p.priority });
    }
  };
  for (const f of fullNames) push(f.pattern, f.replacement, !f.pattern.endsWith('\\.'));
  for (const [token, replacement] of byToken) push(escapeRegExp(token), replacement, true);
  return out;
}

function personCandidates(text: string, c: Compiled): Candidate[] {
  const h = c.person;
  if (!h) return [];
  const cfg = c.config.personHeuristic;
  const out: Candidate[] = [];
  h.re.lastIndex = 0;
  for (const m of text.matchAll(h.re)) {
    const last = m.groups?.['last'] ?? '';
    const lower = last.toLowerCase();
    if (h.blockedSurnames.has(last)) continue;
    if (h.blockedSuffixes.some((s) => lower.endsWith(s))) continue;
    const end = m.index + m[0].length;
    const next = h.nextWordRe.exec(text.slice(end, end + 40))?.[1];
    if (next !== undefined && h.blockedNext.has(next.toLowerCase())) continue;
    out.push({ kind: cfg.kind as Redaction['kind'], start: m.index, end, replacement: cfg.replacement, priority: cfg.priority });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resolution and replacement

function resolve(cands: Candidate[]): Redaction[] {
  const ordered = [...cands].sort(
    (a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const cand of ordered) {
    if (kept.some((k) => cand.start < k.end && k.start < cand.end)) continue;
    kept.push(cand);
  }
  return kept
    .sort((a, b) => a.start - b.start)
    .map(({ kind, start, end, replacement }) => ({ kind, start, end, replacement }));
}

export function redact(text: string, opts: RedactOptions = {}): { text: string; redactions: Redaction[] } {
  const c = compiled();
  const redactions = resolve([
    ...ruleCandidates(text, c),
    ...participantCandidates(text, opts.participants ?? [], c),
    ...personCandidates(text, c),
  ]);
  let out = '';
  let pos = 0;
  for (const r of redactions) {
    out += text.slice(pos, r.start) + r.replacement;
    pos = r.end;
  }
  out += text.slice(pos);
  return { text: out, redactions };
}

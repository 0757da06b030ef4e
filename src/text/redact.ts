// Removal of personal data from note text before anything is stored, indexed or shown.
//
// The rules are DATA in ./sv/redaction.json (patterns, replacement tokens, validators, the
// personnummer rules, the name rules) and ./sv/names/ (the name lexicon). This file compiles and
// applies them:
//
//   1. pattern rules (e-mail, phone, street address) run over the ORIGINAL text, each hit checked
//      by its validator;
//   2. personnummer and samordningsnummer by shape and date, graded by the control digit
//      (redact-numbers.ts);
//   3. people's names: known people of the huvudman become their role, other names "[person]"
//      (redact-names.ts, known-persons.ts);
//   4. overlapping candidates are resolved: higher priority wins, then the longer hit, then the
//      earlier one; the survivors are replaced from left to right.
//
// `start`/`end` in the returned redactions are offsets into the original text. Leaking is worse
// than over-redacting, but content that matters for analysis (dates, amounts, counts, org numbers,
// postcodes alone, dnr, times, places, organisations, schools) is kept: see test/redact.test.ts.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PersonDirectory, type Participant } from './known-persons.js';
import { compileNameRules, findNames, type CompiledNameRules } from './redact-names.js';
import { compileNumberRules, findPersonnummer, type CompiledNumberRules } from './redact-numbers.js';

export type { Participant } from './known-persons.js';

export type RedactionKind = 'personnummer' | 'email' | 'telefon' | 'adress' | 'namn';

export interface Redaction {
  kind: RedactionKind;
  start: number;
  end: number;
  replacement: string;
}

export interface RedactOptions {
  /** People listed with this text (plain names, in memory only). */
  participants?: Participant[];
  /** Everyone known for the huvudman: participants of all its notes and its contact people. */
  people?: PersonDirectory;
}

// ---------------------------------------------------------------------------------------------
// Configuration (data)

const kindSchema = z.enum(['personnummer', 'email', 'telefon', 'adress', 'namn']);

const validatorSchema = z.object({
  name: z.literal('digitCount'),
  /** Removed (globally) before counting; what is left must be digits only. */
  strip: z.string(),
  min: z.number().int(),
  max: z.number().int(),
});

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
  personnummer: z.object({
    kind: z.literal('personnummer'),
    replacement: z.string().min(1),
    priorities: z.object({ context: z.number(), checked: z.number(), shape: z.number() }),
    contextWords: z.array(z.string().min(1)),
    contextGap: z.string(),
    maskChars: z.string(),
    orgnrThirdDigitFrom: z.number().int().min(0).max(9),
    comment: z.string().optional(),
  }),
  names: z.object({
    kind: z.literal('namn'),
    priority: z.number(),
    replacement: z.string().min(1),
    roleTemplate: z.string().includes('{roll}'),
    fallbackRole: z.string().min(1),
    ambiguousRole: z.string().min(1),
    minNamePartLength: z.number().int().min(1),
    lexicon: z.object({ givenNames: z.string(), surnames: z.string(), ambiguous: z.string() }),
    roleWords: z.array(z.string().min(1)),
    roleSuffixes: z.array(z.string()),
    particles: z.array(z.string()),
    blockedWords: z.array(z.string()),
    blockedSuffixes: z.array(z.string()),
    blockedNextWords: z.array(z.string()),
    blockedPreviousWords: z.array(z.string()),
    hyphenParticles: z.array(z.string()),
    shortGivenNames: z.array(z.string()),
    publicNames: z.array(z.string()),
    personVerbs: z.array(z.string()),
    unitWords: z.array(z.string()),
    placePrepositions: z.array(z.string()),
    surnameHeads: z.array(z.string()),
    unknownMinLength: z.number().int().min(1),
    comment: z.string().optional(),
  }),
});

export type RedactionConfig = z.infer<typeof configSchema>;

interface CompiledRule {
  kind: RedactionKind;
  priority: number;
  replacement: string;
  re: RegExp;
  validate: (match: string) => boolean;
}

interface Compiled {
  config: RedactionConfig;
  rules: CompiledRule[];
  numbers: CompiledNumberRules;
  /** Compiled at first use: the name lexicons take a while, and a personnummer check needs none. */
  readonly names: CompiledNameRules;
}

function compileValidator(v: z.infer<typeof validatorSchema> | null): (match: string) => boolean {
  if (v === null) return () => true;
  const strip = new RegExp(v.strip, 'gu');
  return (match) => {
    const digits = match.replace(strip, '');
    return /^\d+$/.test(digits) && digits.length >= v.min && digits.length <= v.max;
  };
}

function withFlags(flags: string): string {
  let f = flags;
  if (!f.includes('g')) f += 'g';
  if (!f.includes('u')) f += 'u';
  return f;
}

function compile(raw: unknown): Compiled {
  const config = configSchema.parse(raw);
  let names: CompiledNameRules | undefined;
  return {
    config,
    rules: config.patternRules.map((r) => ({
      kind: r.kind,
      priority: r.priority,
      replacement: r.replacement,
      re: new RegExp(r.pattern, withFlags(r.flags)),
      validate: compileValidator(r.validator),
    })),
    numbers: compileNumberRules(config.personnummer),
    get names() {
      names ??= compileNameRules(config.names);
      return names;
    },
  };
}

let cached: Compiled | undefined;
function compiled(): Compiled {
  cached ??= compile(JSON.parse(readFileSync(new URL('./sv/redaction.json', import.meta.url), 'utf8')));
  return cached;
}

/** The version of the rules: stored text redacted under an older one is rescanned. */
export function redactionVersion(): number {
  return compiled().config.version;
}

/** An empty directory of known people with the configured particles and roles. */
export function personDirectory(key: string | null = null): PersonDirectory {
  const n = compiled().config.names;
  return new PersonDirectory(
    { particles: new Set(n.particles.map((p) => p.toLocaleLowerCase('sv-SE'))), minLength: n.minNamePartLength, ambiguousRole: n.ambiguousRole, fallbackRole: n.fallbackRole },
    key,
  );
}

// ---------------------------------------------------------------------------------------------
// Candidates, resolution and replacement

interface Candidate extends Redaction {
  priority: number;
}

function ruleCandidates(text: string, c: Compiled): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of c.rules) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      if (m[0].length === 0 || !rule.validate(m[0])) continue;
      out.push({ kind: rule.kind, start: m.index, end: m.index + m[0].length, replacement: rule.replacement, priority: rule.priority });
    }
  }
  return out;
}

function numberCandidates(text: string, c: Compiled): Candidate[] {
  const p = c.config.personnummer;
  return findPersonnummer(text, c.numbers).map((f) => ({ kind: 'personnummer', start: f.start, end: f.end, replacement: p.replacement, priority: p.priorities[f.grade] }));
}

function nameCandidates(text: string, c: Compiled, opts: RedactOptions): Candidate[] {
  // The text's own participants join whatever else is known for the huvudman.
  const people = opts.participants?.length ? (opts.people ?? personDirectory()).withParticipants(opts.participants) : (opts.people ?? null);
  const n = c.config.names;
  return findNames(text, c.names, people).map((f) => ({ kind: 'namn', ...f, priority: n.priority }));
}

function resolve(cands: Candidate[]): Redaction[] {
  const ordered = [...cands].sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const cand of ordered) {
    if (kept.some((k) => cand.start < k.end && k.start < cand.end)) continue;
    kept.push(cand);
  }
  return kept.sort((a, b) => a.start - b.start).map(({ kind, start, end, replacement }) => ({ kind, start, end, replacement }));
}

export function redact(text: string, opts: RedactOptions = {}): { text: string; redactions: Redaction[] } {
  const c = compiled();
  const redactions = resolve([...ruleCandidates(text, c), ...numberCandidates(text, c), ...nameCandidates(text, c, opts)]);
  let out = '';
  let pos = 0;
  for (const r of redactions) {
    out += text.slice(pos, r.start) + r.replacement;
    pos = r.end;
  }
  out += text.slice(pos);
  return { text: out, redactions };
}

/** Personnummer in a text (any grade): the last check on the way out uses this. */
export function findPersonnummerSpans(text: string): { start: number; end: number }[] {
  return findPersonnummer(text, compiled().numbers);
}

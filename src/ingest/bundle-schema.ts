// The import boundary: zod schemas for a note bundle (shared/import-format.md). Everything that
// enters the service passes through these.
import { z } from 'zod';
import { loadCodebook } from '../codebook/index.js';
import { HUVUDMAN_TYPER, NOTE_STATUS, NOTE_TYPER, REGIONER, SKOLFORMER } from './vocabulary.js';

const isoDate = z.iso.date({ error: 'förväntade ett datum på formen ÅÅÅÅ-MM-DD' });
const nonEmpty = (what: string) => z.string({ error: `förväntade ${what} som text` }).trim().min(1, { error: `${what} får inte vara tom` });

function codebookIds(kind: 'factor' | 'theme') {
  return z.array(z.string()).superRefine((ids, ctx) => {
    const cb = loadCodebook();
    ids.forEach((id, i) => {
      const entry = cb.byId.get(id);
      if (!entry || entry.kind !== kind) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `okänt ${kind === 'factor' ? 'framgångsfaktor' : 'tema'}-id "${id}"; förväntade ett id ur kodboken`,
        });
      }
    });
  });
}

export const participantSchema = z.strictObject({ namn: nonEmpty('namn'), roll: nonEmpty('roll') });

/** Ids chosen by the sender: letters, digits and . _ : - only, at most 100 characters. */
const idSchema = (what: string) =>
  nonEmpty(what)
    .max(100, { error: `${what} får vara högst 100 tecken` })
    .regex(/^[\p{L}\p{N}._:-]+$/u, { error: `${what} får bara innehålla bokstäver, siffror och . _ : -` });

export const noteSchema = z.strictObject({
  id: idSchema('id'),
  typ: z.enum(NOTE_TYPER),
  datum: isoDate,
  status: z.enum(NOTE_STATUS),
  deltagare: z.array(participantSchema).optional(),
  text: nonEmpty('text'),
  factors: codebookIds('factor').optional(),
  themes: codebookIds('theme').optional(),
});

export const huvudmanSchema = z.strictObject({
  id: idSchema('id'),
  namn: nonEmpty('namn'),
  orgnr: z.string().regex(/^\d{6}-?\d{4}$/, { error: 'förväntade organisationsnummer på formen NNNNNN-NNNN' }).optional(),
  typ: z.enum(HUVUDMAN_TYPER),
  juridisk_form: z.string().optional(),
  antal_barn_elever: z.number().int().min(0).optional(),
  skolformer: z.array(z.enum(SKOLFORMER)).min(1, { error: 'förväntade minst en skolform' }),
  region: z.enum(REGIONER),
  kommun: z.string().optional(),
  /** The huvudman's contact people: never stored, only used to redact their names everywhere. */
  kontaktpersoner: z.array(participantSchema).optional(),
});

export const dialogSchema = z.strictObject({
  cykel: z.number().int().min(1),
  omgang: z.number().int().min(1).max(99),
});

export const bundleSchema = z
  .strictObject({
    huvudman: huvudmanSchema,
    dialog: dialogSchema,
    notes: z.array(noteSchema).min(1, { error: 'förväntade minst en anteckning' }),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.notes.forEach((n, i) => {
      if (seen.has(n.id)) ctx.addIssue({ code: 'custom', path: ['notes', i, 'id'], message: `anteckningens id "${n.id}" förekommer flera gånger` });
      seen.add(n.id);
    });
  });

export const bundleFileSchema = z.union([bundleSchema, z.array(bundleSchema).min(1)]);

export type Bundle = z.infer<typeof bundleSchema>;
export type NoteInput = z.infer<typeof noteSchema>;
export type HuvudmanInput = z.infer<typeof huvudmanSchema>;

/** "notes[0].status" style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(hela filen)';
}

/** One Swedish line per problem: the field and what was expected. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${formatPath(i.path)}: ${describeIssue(i)}`).join('; ');
}

/** Parse with `{ reportInput: true }` so a missing field can be told from a wrong one. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const missing = 'input' in issue && issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      return missing ? `saknas (förväntade ${typeName(issue.expected)})` : `förväntade ${typeName(issue.expected)}`;
    case 'invalid_value':
      return `${missing ? 'saknas; ' : ''}förväntade en av ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `okänt fält ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      return issue.message.startsWith('Too small') ? `förväntade minst ${String(issue.minimum)}` : issue.message;
    case 'too_big':
      return issue.message.startsWith('Too big') ? `förväntade högst ${String(issue.maximum)}` : issue.message;
    case 'invalid_union':
      return 'förväntade ett paket (objekt med huvudman, dialog och notes) eller en lista av paket';
    default:
      return issue.message;
  }
}

function typeName(t: string): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'ett tal',
    int: 'ett heltal',
    object: 'ett objekt',
    array: 'en lista',
    boolean: 'sant/falskt',
  };
  return names[t] ?? t;
}

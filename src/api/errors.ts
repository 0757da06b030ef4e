// API errors: one JSON shape, { "error": "<Swedish message>", "detaljer": … }, for every failure.
import { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503,
    message: string,
    readonly detaljer?: unknown,
  ) {
    super(message);
  }
}

export const errorSchema = z
  .object({
    error: z.string().meta({ description: 'Felmeddelande på svenska', example: 'ogiltig begäran' }),
    detaljer: z.unknown().optional().meta({ description: 'Vad som var fel, t.ex. fält för fält' }),
  })
  .meta({ id: 'Fel' });

export interface IssueDetail {
  falt: string;
  meddelande: string;
}

const RECEIVED_NAMES: Record<string, string> = { string: 'text', number: 'ett tal', boolean: 'sant eller falskt', object: 'ett objekt', array: 'en lista', null: 'null' };

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'ett tal',
  int: 'ett heltal',
  boolean: 'sant eller falskt',
  object: 'ett objekt',
  array: 'en lista',
};

/** Zod issues as Swedish field-by-field details. */
export function issueDetails(error: z.ZodError | { issues: readonly z.core.$ZodIssue[] }): IssueDetail[] {
  return error.issues.map((i) => ({ falt: i.path.map(String).join('.') || '(hela begäran)', meddelande: describe(i) }));
}

function describe(i: z.core.$ZodIssue): string {
  // Messages that the schemas give in Swedish themselves are kept.
  if (i.message && !/^(Invalid|Too|Unrecognized|Expected|Required)/.test(i.message)) return i.message;
  switch (i.code) {
    case 'invalid_type': {
      // Without reportInput the issue has no input; zod's own message says what it received.
      const received = 'input' in i ? (i.input === undefined ? 'undefined' : Array.isArray(i.input) ? 'array' : i.input === null ? 'null' : typeof i.input) : /received (\w+)/.exec(i.message)?.[1];
      const expected = TYPE_NAMES[i.expected] ?? i.expected;
      if (received === 'undefined') return `saknas (förväntade ${expected})`;
      return received ? `förväntade ${expected}, fick ${RECEIVED_NAMES[received] ?? received}` : `förväntade ${expected}`;
    }
    case 'invalid_value':
      return `förväntade en av ${i.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `okänt fält ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      return i.origin === 'string' ? `för kort (minst ${String(i.minimum)} tecken)` : i.origin === 'array' ? `minst ${String(i.minimum)} värden` : `minst ${String(i.minimum)}`;
    case 'too_big':
      return i.origin === 'string' ? `för lång (högst ${String(i.maximum)} tecken)` : i.origin === 'array' ? `högst ${String(i.maximum)} värden` : `högst ${String(i.maximum)}`;
    case 'invalid_format':
      return i.format === 'date' ? 'förväntade ett datum ÅÅÅÅ-MM-DD' : `fel format (${i.format})`;
    default:
      return 'ogiltigt värde';
  }
}

/**
 * A form body (urlencoded or multipart), or a 400 naming the problem: a broken multipart body makes
 * the parser throw, which is the sender's error, not the server's.
 */
export type FormBody = Record<string, string | File | (string | File)[]>;

export async function readFormBody(c: { req: { parseBody: (o?: { all?: boolean }) => Promise<FormBody> } }, opts?: { all?: boolean }): Promise<FormBody> {
  try {
    return await c.req.parseBody(opts);
  } catch {
    throw new ApiError(400, 'formuläret kunde inte läsas: trasig formulärdata (multipart eller urlencoded)');
  }
}

// The codebook (framgångsfaktorer and recurring themes) is data: codebook.json. Adding a theme is a
// change to that file only.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  description: z.string().min(1),
  phrases: z.array(z.string()).optional(),
  negativePhrases: z.array(z.string()).optional(),
  examples: z.array(z.string()).optional(),
});
const codebookSchema = z.object({
  version: z.number().int(),
  factors: z.array(entrySchema).min(1),
  themes: z.array(entrySchema).min(1),
});

export type CodebookEntry = z.infer<typeof entrySchema> & { kind: 'factor' | 'theme' };
export interface Codebook {
  version: number;
  factors: CodebookEntry[];
  themes: CodebookEntry[];
  all: CodebookEntry[];
  byId: Map<string, CodebookEntry>;
}

export function parseCodebook(raw: unknown): Codebook {
  const cb = codebookSchema.parse(raw);
  const factors = cb.factors.map((e) => ({ ...e, kind: 'factor' as const }));
  const themes = cb.themes.map((e) => ({ ...e, kind: 'theme' as const }));
  const all = [...factors, ...themes];
  const byId = new Map(all.map((e) => [e.id, e]));
  if (byId.size !== all.length) throw new Error('codebook: duplicate ids');
  return { version: cb.version, factors, themes, all, byId };
}

let cached: Codebook | undefined;
export function loadCodebook(): Codebook {
  cached ??= parseCodebook(JSON.parse(readFileSync(new URL('./codebook.json', import.meta.url), 'utf8')));
  return cached;
}

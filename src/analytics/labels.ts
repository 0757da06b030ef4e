// Which codebook labels a report covers, and their Swedish names.
import { loadCodebook } from '../codebook/index.js';

export type LabelKind = 'factor' | 'theme' | 'all';

/** Codebook ids of a kind, in codebook order; or the given ids (each checked against the codebook). */
export function labelIds(kind: LabelKind = 'factor', only?: readonly string[]): string[] {
  const cb = loadCodebook();
  if (only?.length) {
    for (const id of only) if (!cb.byId.has(id)) throw new Error(`okänd framgångsfaktor eller okänt tema "${id}"`);
    return [...only];
  }
  const entries = kind === 'factor' ? cb.factors : kind === 'theme' ? cb.themes : cb.all;
  return entries.map((e) => e.id);
}

export function labelName(id: string): string {
  return loadCodebook().byId.get(id)?.name ?? id;
}

export function labelKind(id: string): 'factor' | 'theme' | undefined {
  return loadCodebook().byId.get(id)?.kind;
}

/** Shares are given to four decimals; counts are exact. */
export function ratio(num: number, den: number): number | null {
  return den > 0 ? Math.round((num / den) * 10000) / 10000 : null;
}

// Literal text inside a RegExp built from data (abbreviations, context words, public names).

/** `s` with every RegExp syntax character escaped, so it matches itself (also in 'u' mode). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

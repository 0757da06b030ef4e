// How well a passage reads as a quote on its own. Pure.
import { placeholderCount } from './shown-text.js';

/** In [0, 1]: whole thoughts of a readable length, few redaction placeholders. */
export function quoteQuality(text: string): number {
  const len = text.length;
  const lenQ = len < 40 ? 0.1 : len < 90 ? 0.5 + (len - 40) / 100 : len <= 550 ? 1 : Math.max(0.4, 1 - (len - 550) / 1000);
  return Math.max(0, lenQ - 0.15 * placeholderCount(text));
}

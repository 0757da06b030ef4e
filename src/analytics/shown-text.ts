// The last gate before any passage text leaves the analytics: text was redacted at ingest, and is
// run through the same redaction again here so that a rule added since, or a slip upstream, cannot
// show a personnummer, an e-mail address, a phone number or a person's name. On stored text this
// is a no-op (redaction is idempotent).
import { redact } from '../text/redact.js';

export function shownText(text: string): string {
  return redact(text).text;
}

/** Placeholders left by redaction ("[person]", "[rektor]"): quotes with fewer read better. */
export function placeholderCount(text: string): number {
  return (text.match(/\[[^\]\n]{1,40}\]/g) ?? []).length;
}

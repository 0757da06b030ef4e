// What people type is data too: search queries, offer texts for targeting and typed user names
// are redacted with the same rules before they reach the audit log. The row keeps what was asked,
// without the personal data in it.
import { redact } from '../text/redact.js';

/** Keys whose values are identifiers or vocabulary chosen from lists, never free text. */
const ID_KEYS = new Set(['huvudmanId', 'passageId', 'noteId', 'job', 'username', 'role', 'report', 'format', 'mode', 'label', 'factor', 'theme', 'action', 'actor']);

function redactValue(v: unknown, key: string | null): unknown {
  if (typeof v === 'string') return key !== null && ID_KEYS.has(key) ? v : redact(v).text;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, key));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, redactValue(x, k)]));
  }
  return v;
}

/** The actor column: a failed sign-in stores what was typed as the user name, which may be anything. */
export function auditActor(action: string, actor: string): string {
  return action === 'login-failed' ? redact(actor.replace(/[\u0000-\u001f\u007f]/g, '?')).text.slice(0, 40) : actor;
}

export function redactLogDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return redactValue(detail, null) as Record<string, unknown>;
}

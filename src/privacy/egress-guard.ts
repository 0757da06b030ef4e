// The last check on the way out. Exports, quotes, briefs, API answers, CLI output and log lines
// pass through here: a personnummer that slipped past redaction upstream (or was typed into a
// field no rule covers) is not emitted. Each stop raises an alarm that names where it happened and
// how many numbers were stopped, never the number itself.
import { findPersonnummerSpans } from '../text/redact.js';

export interface EgressAlarm {
  where: string;
  count: number;
}

type Listener = (alarm: EgressAlarm) => void;
const listeners = new Set<Listener>();

/** Subscribes to alarms (the server's log, a test); returns the unsubscribe function. */
export function onEgressAlarm(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function raise(alarm: EgressAlarm): void {
  process.stderr.write(`LARM: ${alarm.count} personnummer stoppades i utdata (${alarm.where}); numret visas inte\n`);
  for (const fn of listeners) fn(alarm);
}

/** Every personnummer in `text` replaced; overlapping findings (context and shape) count once. */
function replacePersonnummer(text: string): { text: string; count: number } {
  const spans = findPersonnummerSpans(text).sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  let count = 0;
  for (const s of spans) {
    if (s.start < pos) {
      pos = Math.max(pos, s.end);
      continue;
    }
    out += text.slice(pos, s.start) + '[personnummer]';
    pos = s.end;
    count++;
  }
  return { text: out + text.slice(pos), count };
}

/** The text with every personnummer replaced; raises an alarm when there was one. */
export function guardText(text: string, where: string): string {
  const r = replacePersonnummer(text);
  // The place itself may carry the number (a path typed by someone): it is guarded too, silently.
  if (r.count) raise({ where: replacePersonnummer(where).text, count: r.count });
  return r.text;
}

/** Every string in a value (an export's report, a brief) through guardText. */
export function guardValue<T>(value: T, where: string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return guardText(v, where);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

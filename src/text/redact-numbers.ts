// Finding personnummer and samordningsnummer. A typo or a test number is still a personnummer, so
// the SHAPE decides: 10 or 12 digits whose first six or eight are a valid date (day + 60 for a
// samordningsnummer), with '-', '+', a space or nothing before the last four. The control digit
// only grades the finding: a valid one outranks a phone number of the same shape, an invalid one
// yields to it (both are redacted either way). After a context word ("personnummer", "pnr" …)
// any run of 10–12 digits is taken, date or not.
import { escapeRegExp } from './regexp.js';
import personnummerModule from 'personnummer';

export interface NumberFinding {
  start: number;
  end: number;
  /** 'checked': date and control digit valid; 'shape': valid date only; 'context': after a context word. */
  grade: 'checked' | 'shape' | 'context';
}

export interface PersonnummerRules {
  contextWords: string[];
  /** What may stand between a context word and the number ("personnummer: ", "pnr är "). */
  contextGap: string;
  /** Characters accepted in place of the last four digits in a masked number ("850312-XXXX"). */
  maskChars: string;
  /** In the 10-digit form a third digit ≥ this ("month" ≥ 20) marks an organisationsnummer. */
  orgnrThirdDigitFrom: number;
}

// The personnummer package ships CommonJS with an ESM-style default in its types; depending on
// the loader the class arrives as the default import itself or under `.default`.
type PersonnummerClass = {
  valid(pin: string, options?: { allowCoordinationNumber: boolean; allowInterimNumber: boolean }): boolean;
};
const Personnummer: PersonnummerClass =
  (personnummerModule as unknown as { default?: PersonnummerClass }).default ??
  (personnummerModule as unknown as PersonnummerClass);

const DASH = '\\-\\u2010-\\u2013\\u2212';
const SP = ' \\u00A0';

function daysInMonth(year: number | null, month: number): number {
  if (month === 2) return year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether YYMMDD / YYYYMMDD (day + 60 allowed) is a calendar date. */
export function isPersonnummerDate(datePart: string): boolean {
  const year = datePart.length === 8 ? Number(datePart.slice(0, 4)) : null;
  if (year !== null && (year < 1850 || year > 2099)) return false;
  const mm = Number(datePart.slice(-4, -2));
  let dd = Number(datePart.slice(-2));
  if (dd > 60) dd -= 60; // samordningsnummer
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= daysInMonth(year, mm);
}

export interface CompiledNumberRules {
  shape: RegExp;
  context: RegExp;
  rules: PersonnummerRules;
}

export function compileNumberRules(rules: PersonnummerRules): CompiledNumberRules {
  const mask = `[\\d${rules.maskChars.replace(/[\]\\^-]/g, '\\$&')}]`;
  // Date part (6 or 8 digits, optionally grouped "1985 03 12"/"85 03 12" is not accepted: those
  // read as phone numbers), separator, four digits (an interim letter first, or masked).
  const shape = new RegExp(
    `(?<![\\p{N}.,/:${DASH}+])(?<date>(?:18|19|20)\\d{6}|\\d{6})(?:[${SP}]?(?<sep>[+${DASH}])[${SP}]?|[${SP}])?(?<tail>[\\dTRSUWXJKLMN]\\d{3}|${mask}{4})(?!\\p{N})`,
    'gu',
  );
  const words = rules.contextWords.map(escapeRegExp).join('|');
  const context = new RegExp(
    `(?<![\\p{L}])(?:${words})(?![\\p{L}])${rules.contextGap}(?<num>\\d(?:[${SP}${DASH}+]?${mask}){9,11})(?!\\p{N})`,
    'giu',
  );
  return { shape, context, rules };
}

export function findPersonnummer(text: string, c: CompiledNumberRules): NumberFinding[] {
  const out: NumberFinding[] = [];
  c.context.lastIndex = 0;
  for (const m of text.matchAll(c.context)) {
    const num = m.groups?.['num'] ?? '';
    const start = m.index + m[0].length - num.length;
    const digits = num.replace(/[^\dA-Za-z*]/g, '');
    if (digits.length >= 10 && digits.length <= 12) out.push({ start, end: start + num.length, grade: 'context' });
  }
  c.shape.lastIndex = 0;
  for (const m of text.matchAll(c.shape)) {
    const date = m.groups?.['date'] ?? '';
    const tail = m.groups?.['tail'] ?? '';
    if (!isPersonnummerDate(date)) continue;
    const core = date.slice(-6);
    // Organisationsnummer ("month" ≥ 20) identify the huvudman, not a person; the date check
    // rejects them already, this keeps the rule explicit.
    if (Number(core[2]) >= c.rules.orgnrThirdDigitFrom) continue;
    const masked = !/^[\dTRSUWXJKLMN]\d{3}$/.test(tail);
    const pin = `${date}${m.groups?.['sep'] === '+' ? '+' : '-'}${tail}`;
    const checked = !masked && Personnummer.valid(pin, { allowCoordinationNumber: true, allowInterimNumber: true });
    out.push({ start: m.index, end: m.index + m[0].length, grade: checked ? 'checked' : 'shape' });
  }
  return out;
}

// The one rule for every redirect target a request supplies (`nasta` after sign-in, `tillbaka`
// after a review): only a path on this site. Browsers ignore tabs and line breaks in URLs and
// read a backslash as a slash, so "/\t/evil.example" and "/\\evil.example" would leave the site;
// control characters would also break the Location header.
const BASE = 'http://samma-sajt.invalid';

/** The same-origin path (with query and fragment) to go to, or null when `raw` is not one. */
export function sameOriginPath(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  if (!raw.startsWith('/') || raw.replace(/\s+/g, '').startsWith('//')) return null;
  try {
    const u = new URL(raw, BASE);
    if (u.origin !== BASE) return null;
    return u.pathname + u.search + u.hash;
  } catch {
    return null;
  }
}

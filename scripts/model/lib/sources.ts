/**
 * Training text: Swedish prose from Debian packages plus the project's own domain text.
 *
 * Every source yields plain-text paragraphs. Co-occurrence windows never cross a paragraph.
 * Sources that are missing on the machine are reported and skipped, so the script says what it
 * used (see `SourceReport`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import matter from 'gray-matter';
import { isSwedish } from './lang.js';

export interface SourceText {
  /** Short name used in reports and docs. */
  name: string;
  /** Plain-text paragraphs. */
  paragraphs: string[];
  /** True for the project's own domain text (codebook, glossary, fixtures). */
  domain: boolean;
}

export interface SourceReport {
  name: string;
  files: number;
  paragraphs: number;
  words: number;
  missing?: string;
}

// ---------------------------------------------------------------- helpers

function walk(dir: string, accept: (path: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, accept, out);
    else if (st.isFile() && accept(p)) out.push(p);
  }
  return out;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '',
  aring: 'å', auml: 'ä', ouml: 'ö', Aring: 'Å', Auml: 'Ä', Ouml: 'Ö',
  eacute: 'é', Eacute: 'É', egrave: 'è', uuml: 'ü', Uuml: 'Ü', aacute: 'á', oacute: 'ó',
  iacute: 'í', ntilde: 'ñ', ccedil: 'ç', oslash: 'ø', Oslash: 'Ø', aelig: 'æ', AElig: 'Æ',
  ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', rsquo: '’', lsquo: '‘',
  rdquo: '”', ldquo: '“', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', deg: '°',
  times: '×', rarr: '→', larr: '←', euro: '€', sect: '§',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return NAMED_ENTITIES[e] ?? m;
  });
}

/** HTML/XHTML → paragraphs: block elements become paragraph breaks, everything else is dropped. */
export function htmlToParagraphs(html: string): string[] {
  let s = html;
  s = s.replace(/<!--[\s\S]*?-->/g, ' ');
  s = s.replace(/<(script|style|head|noscript|pre|code|header|aside|nav)\b[\s\S]*?<\/\1>/gi, '\n\n');
  s = s.replace(/<\/?(p|div|h[1-6]|li|ul|ol|table|tr|td|th|br|dt|dd|dl|blockquote|section|title|caption|hr)\b[^>]*>/gi, '\n\n');
  s = s.replace(/<[^>]+>/g, ' ');
  s = decodeEntities(s);
  return splitParagraphs(s);
}

/** groff man page source → paragraphs. */
export function groffToParagraphs(src: string): string[] {
  const lines = src.split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    if (raw.startsWith('.\\"') || raw.startsWith("'\\\"")) continue;
    let line = raw;
    if (line.startsWith('.') || line.startsWith("'")) {
      const m = /^[.'](\S+)\s*(.*)$/.exec(line);
      const macro = m?.[1] ?? '';
      const rest = m?.[2] ?? '';
      if (/^(SH|SS)$/.test(macro)) { out.push('', rest.replace(/"/g, ''), ''); continue; }
      if (/^(B|I|BI|BR|IB|IR|RB|RI|SM|SB)$/.test(macro)) { line = rest.replace(/"/g, ''); }
      else { out.push(''); continue; } // .PP .TP .IP .TH .br .sp .nf …
    }
    line = line
      .replace(/\\f(\[[^\]]*\]|\(..|.)/g, '')
      .replace(/\\\*(\[[^\]]*\]|\(..|.)/g, '')
      .replace(/\\\((em|en)/g, '–')
      .replace(/\\\(.{2}/g, ' ')
      .replace(/\\\[[^\]]*\]/g, ' ')
      .replace(/\\-/g, '-')
      .replace(/\\[,/&|^~ ]/g, '')
      .replace(/\\e/g, '\\')
      .replace(/\\./g, '');
    out.push(line);
  }
  return splitParagraphs(out.join('\n'));
}

export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r/g, '')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

function wordCount(ps: string[]): number {
  let n = 0;
  for (const p of ps) n += p.split(/\s+/).length;
  return n;
}

// ---------------------------------------------------------------- Debian prose

interface DebianSource {
  name: string;
  pkg: string;
  roots: string[];
  accept: (p: string) => boolean;
  read: (p: string) => string[];
  /** Keep only paragraphs that look Swedish (LibreOffice/GIMP help is partly untranslated). */
  filterLang: boolean;
}

const readHtml = (p: string) => htmlToParagraphs(readFileSync(p, 'utf8'));
const readLatin1Html = (p: string) => htmlToParagraphs(readFileSync(p, 'latin1'));

export const DEBIAN_SOURCES: DebianSource[] = [
  {
    name: 'libreoffice-help-sv',
    pkg: 'libreoffice-help-sv',
    roots: ['/usr/share/libreoffice/help/sv/text'],
    accept: (p) => p.endsWith('.html'),
    read: readHtml,
    filterLang: true,
  },
  {
    name: 'gimp-help-sv',
    pkg: 'gimp-help-sv',
    roots: ['/usr/share/gimp/2.0/help/sv'],
    accept: (p) => p.endsWith('.html'),
    read: readHtml,
    filterLang: true,
  },
  {
    name: 'cfi-sv',
    pkg: 'cfi-sv',
    roots: ['/usr/share/doc/cfi-sv'],
    accept: (p) => p.endsWith('cfi.html'),
    read: readLatin1Html,
    filterLang: true,
  },
  {
    name: 'manpages-sv',
    pkg: 'manpages-sv',
    roots: ['/usr/share/man/sv'],
    accept: (p) => /\.\d\w*(\.gz)?$/.test(p),
    read: (p) => {
      const buf = readFileSync(p);
      const raw = p.endsWith('.gz') ? gunzipSync(buf) : buf;
      const utf8 = raw.toString('utf8');
      // A few pages are ISO-8859-1: invalid UTF-8 decodes to U+FFFD.
      return groffToParagraphs(utf8.includes('\uFFFD') ? raw.toString('latin1') : utf8);
    },
    filterLang: true,
  },
];

export function readDebianSources(reports: SourceReport[]): SourceText[] {
  const out: SourceText[] = [];
  for (const src of DEBIAN_SOURCES) {
    const files = src.roots.flatMap((r) => walk(r, src.accept));
    if (files.length === 0) {
      reports.push({ name: src.name, files: 0, paragraphs: 0, words: 0, missing: `apt-get install ${src.pkg}` });
      continue;
    }
    const paragraphs: string[] = [];
    for (const f of files) {
      for (const p of src.read(f)) {
        if (p.length < 20) continue;
        if (src.filterLang && !isSwedish(p)) continue;
        paragraphs.push(p);
      }
    }
    out.push({ name: src.name, paragraphs, domain: false });
    reports.push({ name: src.name, files: files.length, paragraphs: paragraphs.length, words: wordCount(paragraphs) });
  }
  return out;
}

// ---------------------------------------------------------------- domain text

interface CodebookEntry { id: string; name: string; description?: string }

export function readCodebook(path: string, reports: SourceReport[]): SourceText | null {
  if (!existsSync(path)) {
    reports.push({ name: 'codebook', files: 0, paragraphs: 0, words: 0, missing: path });
    return null;
  }
  const cb = JSON.parse(readFileSync(path, 'utf8')) as { factors?: CodebookEntry[]; themes?: CodebookEntry[] };
  const paragraphs: string[] = [];
  for (const e of [...(cb.factors ?? []), ...(cb.themes ?? [])]) {
    paragraphs.push(`${e.name}. ${e.description ?? ''}`.trim());
  }
  reports.push({ name: 'codebook', files: 1, paragraphs: paragraphs.length, words: wordCount(paragraphs) });
  return { name: 'codebook', paragraphs, domain: true };
}

/** Glossary TSV: term<TAB>definition. Each entry becomes "term: definition". */
export function readGlossary(path: string, reports: SourceReport[]): SourceText {
  const paragraphs: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [term, def] = line.split('\t');
    if (!term || !def) continue;
    paragraphs.push(`${term.trim()}: ${def.trim()}`);
  }
  reports.push({ name: 'glossary', files: 1, paragraphs: paragraphs.length, words: wordCount(paragraphs) });
  return { name: 'glossary', paragraphs, domain: true };
}

/**
 * Domain prose written for this project (`scripts/model/data/domain-prose/*.md`): guidance texts,
 * quality reports, board minutes and the like, none of them dialogue notes, so the model can learn
 * the domain's vocabulary without seeing the notes it is evaluated on.
 */
export function readDomainProse(dirs: readonly string[], reports: SourceReport[]): SourceText {
  const files = dirs.flatMap((d) => walk(d, (p) => extname(p).toLowerCase() === '.md'));
  const paragraphs = files.flatMap((f) => splitParagraphs(readFileSync(f, 'utf8')));
  reports.push({ name: 'domain prose', files: files.length, paragraphs: paragraphs.length, words: wordCount(paragraphs), ...(files.length ? {} : { missing: `no .md files under ${dirs.join(', ')}` }) });
  return { name: 'domain prose', paragraphs, domain: true };
}

interface NoteLike { status?: unknown; text?: unknown }
interface BundleLike { notes?: unknown }

/**
 * Approved fixture notes. JSON bundles (a bundle or an array of bundles): notes[].text where
 * status == "godkand". Markdown with YAML front matter: the body where status: godkand.
 * Everything else (drafts, withdrawn notes, .docx, side files) is skipped. Files that do not parse
 * are skipped with a warning: other people edit this folder while we read it.
 */
export function readFixtures(dir: string, reports: SourceReport[], warn: (m: string) => void): SourceText {
  const paragraphs: string[] = [];
  let files = 0;
  let notes = 0;
  const all = walk(dir, (p) => ['.json', '.md', '.markdown'].includes(extname(p).toLowerCase()));
  for (const f of all) {
    if (/\.meta\.json$/i.test(f)) continue; // docx side files
    try {
      const raw = readFileSync(f, 'utf8');
      if (f.toLowerCase().endsWith('.json')) {
        const parsed = JSON.parse(raw) as unknown;
        const bundles = (Array.isArray(parsed) ? parsed : [parsed]) as BundleLike[];
        let used = false;
        for (const b of bundles) {
          if (!b || typeof b !== 'object' || !Array.isArray(b.notes)) continue;
          for (const n of b.notes as NoteLike[]) {
            if (n && n.status === 'godkand' && typeof n.text === 'string') {
              paragraphs.push(...splitParagraphs(n.text));
              notes++;
              used = true;
            }
          }
        }
        if (used) files++;
      } else {
        const fm = matter(raw);
        if (fm.data && (fm.data as { status?: unknown }).status === 'godkand') {
          paragraphs.push(...splitParagraphs(fm.content));
          notes++;
          files++;
        }
      }
    } catch (e) {
      warn(`skipping fixture ${f}: ${(e as Error).message}`);
    }
  }
  reports.push({ name: 'fixtures (godkand)', files, paragraphs: paragraphs.length, words: wordCount(paragraphs), ...(notes === 0 ? { missing: `no approved notes under ${dir}` } : {}) });
  return { name: 'fixtures', paragraphs, domain: true };
}

// Reading one import file into validated bundles. Pure parsing per format; the only I/O is reading
// the file (and its side file for .docx).
import { unzipSync } from 'fflate';
import matter from 'gray-matter';
import jsYaml from 'js-yaml';
import mammoth from 'mammoth';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { bundleSchema, formatIssues, huvudmanSchema, noteSchema, dialogSchema, type Bundle } from './bundle-schema.js';
import { IngestError } from './errors.js';

/** Larger files are refused before they are read: no real note or bundle comes near this. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

export const SUPPORTED_EXTENSIONS = ['.json', '.md', '.markdown', '.docx'] as const;

/** Side files holding a .docx note's metadata are not imports of their own. */
export function isSideFile(path: string): boolean {
  return /\.meta\.(json|ya?ml)$/i.test(path);
}

export async function readSource(path: string): Promise<Bundle[]> {
  const ext = extname(path).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new IngestError(path, `okänt filformat "${ext || basename(path)}"; förväntade .json, .md eller .docx`);
  }
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new IngestError(path, 'filen finns inte eller är ingen vanlig fil');
  if (info.size > MAX_FILE_BYTES) {
    throw new IngestError(path, `filen är ${(info.size / 1024 / 1024).toFixed(1)} MB; högsta tillåtna storlek är ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  }
  if (info.size === 0) throw new IngestError(path, 'filen är tom');
  const bytes = await readFile(path);
  if (ext === '.docx') return [await parseDocx(path, bytes)];
  const text = decodeText(path, bytes);
  return ext === '.json' ? parseJsonBundles(path, text) : [parseMarkdownNote(path, text)];
}

function decodeText(path: string, bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IngestError(path, 'filen är inte giltig UTF-8-text (är det en binärfil?)');
  }
  if (text.includes('\u0000')) throw new IngestError(path, 'filen innehåller binära data, inte text');
  return text.replace(/^\uFEFF/, '');
}

/** Where JSON.parse stopped, as "på rad R, kolumn C", from the position in its message. */
function jsonErrorPlace(text: string, message: string): string {
  const pos = Number(/position (\d+)/.exec(message)?.[1]);
  if (!Number.isFinite(pos)) return /end of JSON input|Unexpected end/i.test(message) ? 'i slutet av filen (den tar slut för tidigt)' : 'i filen';
  const before = text.slice(0, pos).split('\n');
  return `på rad ${before.length}, kolumn ${before[before.length - 1]!.length + 1}`;
}

export function parseJsonBundles(path: string, text: string): Bundle[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new IngestError(path, `ogiltig JSON ${jsonErrorPlace(text, (e as Error).message)}: kontrollera kommatecken, citattecken och klamrar där`);
  }
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length === 0) throw new IngestError(path, 'listan är tom; förväntade minst ett paket');
  return items.map((item, i) => {
    const res = bundleSchema.safeParse(item, { reportInput: true });
    if (!res.success) {
      const where = Array.isArray(raw) ? `paket ${i + 1}: ` : '';
      throw new IngestError(path, where + formatIssues(res.error));
    }
    return res.data;
  });
}

/** Flat metadata of a single note (Markdown front matter, .docx side file); see docs/formats.md. */
const h = huvudmanSchema.shape;
const n = noteSchema.shape;
const singleNoteMetaSchema = z.strictObject({
  huvudman_id: h.id,
  huvudman_namn: h.namn,
  typ: h.typ,
  juridisk_form: h.juridisk_form,
  orgnr: h.orgnr,
  antal_barn_elever: h.antal_barn_elever,
  skolformer: h.skolformer,
  region: h.region,
  kommun: h.kommun,
  cykel: dialogSchema.shape.cykel,
  omgang: dialogSchema.shape.omgang,
  note_id: n.id,
  note_typ: n.typ,
  datum: z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), n.datum),
  status: n.status,
  deltagare: n.deltagare,
  factors: n.factors,
  themes: n.themes,
});

export function bundleFromMeta(path: string, meta: unknown, body: string): Bundle {
  const res = singleNoteMetaSchema.safeParse(meta, { reportInput: true });
  if (!res.success) throw new IngestError(path, formatIssues(res.error));
  const m = res.data;
  const candidate = {
    huvudman: {
      id: m.huvudman_id,
      namn: m.huvudman_namn,
      typ: m.typ,
      skolformer: m.skolformer,
      region: m.region,
      ...(m.orgnr !== undefined && { orgnr: m.orgnr }),
      ...(m.juridisk_form !== undefined && { juridisk_form: m.juridisk_form }),
      ...(m.antal_barn_elever !== undefined && { antal_barn_elever: m.antal_barn_elever }),
      ...(m.kommun !== undefined && { kommun: m.kommun }),
    },
    dialog: { cykel: m.cykel, omgang: m.omgang },
    notes: [
      {
        id: m.note_id,
        typ: m.note_typ,
        datum: m.datum,
        status: m.status,
        text: body,
        ...(m.deltagare !== undefined && { deltagare: m.deltagare }),
        ...(m.factors !== undefined && { factors: m.factors }),
        ...(m.themes !== undefined && { themes: m.themes }),
      },
    ],
  };
  const res2 = bundleSchema.safeParse(candidate, { reportInput: true });
  if (!res2.success) throw new IngestError(path, formatIssues(res2.error).replace(/^notes\[0\]\.text/, 'text'));
  return res2.data;
}

/**
 * YAML without its timestamp type: "datum: 2025-02-30" stays the text it is and meets the same
 * date rule as JSON, instead of becoming 2 March. (gray-matter's default schema turns dates into
 * Date objects, rolling impossible ones over.) A fresh options object also keeps gray-matter's
 * cache, which would hold note text in memory, out of use.
 */
const YAML_OPTIONS = { engines: { yaml: (s: string) => jsYaml.safeLoad(s, { schema: jsYaml.CORE_SCHEMA }) as object } };

export function parseMarkdownNote(path: string, text: string): Bundle {
  if (!/^---\r?\n/.test(text)) throw new IngestError(path, 'saknar YAML-huvud (front matter) mellan raderna "---"');
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, YAML_OPTIONS);
  } catch (e) {
    throw new IngestError(path, `ogiltigt YAML-huvud: ${(e as Error).message.split('\n')[0]}`);
  }
  return bundleFromMeta(path, parsed.data, parsed.content.trim());
}

/** A Word document unpacks to at most this much, and no part of it more than this many times its packed size. */
const DOCX_MAX_UNPACKED = 100 * 1024 * 1024;
const DOCX_MAX_RATIO = 200;

/**
 * Refuses a zip bomb before anything is unpacked: the sizes each part declares (read by fflate
 * from the headers, with decompression skipped) must stay within sane bounds for a document.
 */
function checkDocxSizes(path: string, bytes: Buffer): void {
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        if (total > DOCX_MAX_UNPACKED) {
          throw new IngestError(path, `Word-dokumentet avvisades: det packas upp till mer än ${DOCX_MAX_UNPACKED / 1024 / 1024} MB (en så kallad zip-bomb?)`);
        }
        if (f.originalSize > 1024 * 1024 && f.originalSize > DOCX_MAX_RATIO * Math.max(1, f.size)) {
          throw new IngestError(path, `Word-dokumentet avvisades: delen ${f.name} packas upp ${Math.round(f.originalSize / Math.max(1, f.size))} gånger större än den lagrade (en så kallad zip-bomb?)`);
        }
        return false; // nothing is decompressed here
      },
    });
  } catch (e) {
    if (e instanceof IngestError) throw e;
    throw new IngestError(path, 'kunde inte läsa Word-dokumentet: filen är inte ett giltigt docx-paket (zip)');
  }
}

async function parseDocx(path: string, bytes: Buffer): Promise<Bundle> {
  checkDocxSizes(path, bytes);
  const meta = await readSideFile(path);
  let body: string;
  try {
    const res = await mammoth.extractRawText({ buffer: bytes });
    body = res.value
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n\n');
  } catch {
    // The library's own (English) text says nothing a user can act on.
    throw new IngestError(path, 'kunde inte läsa Word-dokumentet: filen är skadad eller saknar dokumentets text (word/document.xml)');
  }
  return bundleFromMeta(path, meta, body);
}

async function readSideFile(docxPath: string): Promise<unknown> {
  const stem = docxPath.replace(/\.docx$/i, '');
  for (const ext of ['.meta.json', '.meta.yaml', '.meta.yml']) {
    const side = stem + ext;
    if (!existsSync(side)) continue;
    const text = decodeText(side, await readFile(side));
    try {
      return ext === '.meta.json' ? JSON.parse(text) : matter(`---\n${text}\n---\n`, YAML_OPTIONS).data;
    } catch (e) {
      throw new IngestError(side, `ogiltig metadatafil: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new IngestError(docxPath, `saknar metadatafil ${basename(stem)}.meta.json (eller .meta.yaml) bredvid dokumentet`);
}

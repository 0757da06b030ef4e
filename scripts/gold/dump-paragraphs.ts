// Dumps the gold paragraphs with their (redacted) text, note type and current labels, one file
// per gold batch, for re-annotation: npx tsx scripts/gold/dump-paragraphs.ts OUT_DIR [GOLD_DIR]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { closeDb, openDb, projectRoot } from '../../src/store/db.js';

const [out = 'scratch/gold-dump', goldArg = 'corpus/gold'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'dk-gold-dump-'));
const db = openDb(join(dir, 'd.db'));
try {
  await ingestPaths(db, [resolve(projectRoot, 'corpus/fixtures')], { actor: 'dump' });
  const rows = db.$client
    .prepare(`SELECT p.note_id AS noteId, p.paragraph, p.text, n.typ, n.huvudman_id AS hm FROM passage p JOIN note n ON n.id = p.note_id WHERE n.status = 'godkand' ORDER BY p.note_id, p.ord`)
    .all() as { noteId: string; paragraph: number; text: string; typ: string; hm: string }[];
  const text = new Map<string, string>();
  const meta = new Map<string, { typ: string; hm: string }>();
  for (const r of rows) {
    const k = `${r.noteId}#${r.paragraph}`;
    text.set(k, (text.get(k) ? text.get(k)! + ' ' : '') + r.text);
    meta.set(r.noteId, { typ: r.typ, hm: r.hm });
  }
  mkdirSync(out, { recursive: true });
  const goldDir = resolve(projectRoot, goldArg);
  for (const f of readdirSync(goldDir).filter((x) => x.endsWith('.json')).sort()) {
    const notes = JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as { note_id: string; paragraphs: { factors: string[]; themes: string[] }[] }[];
    const dump = notes.map((n) => ({
      note_id: n.note_id,
      huvudman: meta.get(n.note_id)?.hm,
      note_typ: meta.get(n.note_id)?.typ,
      paragraphs: n.paragraphs.map((p, i) => ({ i, text: text.get(`${n.note_id}#${i}`) ?? '', factors: p.factors, themes: p.themes })),
    }));
    writeFileSync(join(out, f), JSON.stringify(dump, null, 1));
  }
} finally {
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
}

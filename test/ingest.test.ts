import { writeFileSync, mkdirSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ingestPaths } from '../src/ingest/ingest.js';
import { closeDb, openDb, type Db } from '../src/store/db.js';
import { label, note, passage } from '../src/store/schema.js';
import { collectStats } from '../src/store/stats.js';
import { allFileBytes, makeBundle, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let db: Db;
let dbFile: string;

beforeEach(() => {
  t = tempDir();
  dbFile = join(t.dir, 'data', 'test.db');
  db = openDb(dbFile);
});
afterEach(() => {
  try {
    closeDb(db);
  } catch {
    /* already closed */
  }
  t.cleanup();
});

function write(name: string, content: unknown): string {
  const file = join(t.dir, 'in', name);
  mkdirSync(join(t.dir, 'in'), { recursive: true });
  writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return file;
}

describe('ingest of a JSON bundle', () => {
  it('stores the approved note redacted, split into passages, with imported labels as reviewed', async () => {
    const file = write('b.json', makeBundle({ note: { factors: ['roll-och-ansvar'], themes: ['huvudmannaskap'] } }));
    const rep = await ingestPaths(db, [file]);
    expect(rep.errors).toEqual([]);
    expect(rep).toMatchObject({ imported: 1, notes: { godkand: 1, utkast: 0, aterkallad: 0 }, passages: 2 });
    const n = db.select().from(note).where(eq(note.id, 'hm-test-1-n1')).get()!;
    expect(n.text).not.toContain('Maria');
    expect(n.text).not.toContain('maria.holm@testet.se');
    expect(n.text).not.toContain('070-412 33 18');
    expect(n.text).toContain('[rektor]');
    expect(n.deltagareRoller).toEqual(['rektor']);
    const ps = db.select().from(passage).where(eq(passage.noteId, n.id)).all();
    expect(ps.map((p) => p.paragraph)).toEqual([0, 1]);
    for (const p of ps) expect(n.text!.slice(p.start, p.end)).toBe(p.text);
    const labels = db.select().from(label).all();
    expect(labels.map((l) => [l.labelId, l.source, l.positive]).sort()).toEqual([
      ['huvudmannaskap', 'reviewed', true],
      ['roll-och-ansvar', 'reviewed', true],
    ]);
  });

  it('accepts an array of bundles', async () => {
    const a = makeBundle();
    const b = makeBundle({ huvudman: { id: 'hm-test-2' }, note: { id: 'hm-test-2-n1' } });
    const rep = await ingestPaths(db, [write('arr.json', [a, b])]);
    expect(rep.errors).toEqual([]);
    expect(collectStats(db)).toMatchObject({ huvudman: 2, notes: { godkand: 2 } });
  });

  it('keeps only the status record of drafts and withdrawn notes, never their text', async () => {
    const file = write('d.json', makeBundle({ note: { status: 'utkast', text: 'Hemligt utkast om Blåbärsprojektet.' } }));
    const rep = await ingestPaths(db, [file]);
    expect(rep.notes).toEqual({ godkand: 0, utkast: 1, aterkallad: 0 });
    expect(rep.passages).toBe(0);
    const n = db.select().from(note).get()!;
    expect(n.status).toBe('utkast');
    expect(n.text).toBeNull();
    closeDb(db);
    for (const f of allFileBytes(t.dir)) if (!f.file.endsWith('.json')) expect(f.bytes.includes('Blåbärsprojektet')).toBe(false);
  });

  it('re-import of the same content changes nothing; changed content replaces the note', async () => {
    const file = write('b.json', makeBundle());
    await ingestPaths(db, [file]);
    const before = db.select().from(note).get()!;
    const again = await ingestPaths(db, [file]);
    expect(again).toMatchObject({ changed: 0, unchanged: 1 });
    expect(db.select().from(note).get()!.importedAt).toBe(before.importedAt);
    write('b.json', makeBundle({ note: { text: 'Ny text om närvaron.' } }));
    const third = await ingestPaths(db, [file]);
    expect(third.changed).toBe(1);
    expect(db.select().from(passage).all().map((p) => p.text)).toEqual(['Ny text om närvaron.']);
  });

  it('withdrawal removes the text and everything derived, and it is gone from every file written', async () => {
    const secret = 'Kanelbullefabriken i Ytterby';
    const file = write('b.json', makeBundle({ note: { text: `Vi pratade om ${secret} och det systematiska kvalitetsarbetet.`, themes: ['dokumentation'] } }));
    await ingestPaths(db, [file]);
    expect(db.select().from(passage).all()).toHaveLength(1);
    write('b.json', makeBundle({ note: { status: 'aterkallad', text: `Vi pratade om ${secret} och det systematiska kvalitetsarbetet.` } }));
    const rep = await ingestPaths(db, [file]);
    expect(rep.notes.aterkallad).toBe(1);
    expect(db.select().from(passage).all()).toHaveLength(0);
    expect(db.select().from(label).all()).toHaveLength(0);
    expect(db.select().from(note).get()!.text).toBeNull();
    closeDb(db);
    const written = allFileBytes(join(t.dir, 'data'));
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) {
      expect(f.bytes.includes(secret), f.file).toBe(false);
      expect(f.bytes.includes('Kanelbullefabriken'), f.file).toBe(false);
    }
  });
});

describe('ingest of Markdown and Word', () => {
  it('reads a Markdown note with YAML front matter', async () => {
    const md = `---
huvudman_id: hm-md-1
huvudman_namn: Stiftelsen Lärkan
typ: enskild
skolformer: [forskola]
region: Örebro
cykel: 1
omgang: 6
note_id: hm-md-1-n1
note_typ: aterkoppling
datum: 2024-02-14
status: godkand
deltagare:
  - { namn: Eva Lind, roll: rektor }
themes: [elevhalsa]
---
Eva Lind berättade om elevhälsoarbetet.

Nästa möte hålls digitalt.
`;
    const rep = await ingestPaths(db, [write('n.md', md)]);
    expect(rep.errors).toEqual([]);
    const n = db.select().from(note).get()!;
    expect(n).toMatchObject({ id: 'hm-md-1-n1', typ: 'aterkoppling', datum: '2024-02-14' });
    expect(n.text).toBe('[rektor] berättade om elevhälsoarbetet.\n\nNästa möte hålls digitalt.');
  });

  it('reads a .docx with its .meta.json side file', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const doc = new Document({ sections: [{ children: [new Paragraph('Första stycket om närvaron.'), new Paragraph('Andra stycket om styrkedjan.')] }] });
    const file = write('anteckning.docx', await Packer.toBuffer(doc));
    write('anteckning.meta.json', {
      huvudman_id: 'hm-docx-1', huvudman_namn: 'Testkommunen', typ: 'kommun', skolformer: ['grundskola'], region: 'Luleå',
      cykel: 2, omgang: 1, note_id: 'hm-docx-1-n1', note_typ: 'dialog', datum: '2026-09-01', status: 'godkand',
    });
    const rep = await ingestPaths(db, [join(t.dir, 'in')]);
    expect(rep.errors).toEqual([]);
    expect(rep.imported).toBe(1); // the side file is not an import of its own
    expect(db.select().from(passage).all().map((p) => p.text)).toEqual(['Första stycket om närvaron.', 'Andra stycket om styrkedjan.']);
  });

  it('rejects a .docx without metadata', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const file = write('ensam.docx', await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Text')] }] })));
    const rep = await ingestPaths(db, [file]);
    expect(rep.errors[0]!.message).toMatch(/saknar metadatafil ensam\.meta\.json/);
  });
});

describe('invalid input is rejected whole, named, and writes nothing', () => {
  const cases: [string, () => string | Buffer | object, RegExp][] = [
    ['missing field', () => { const b = makeBundle(); delete (b.huvudman as Record<string, unknown>).region; return b; }, /huvudman\.region: saknas/],
    ['wrong type', () => makeBundle({ huvudman: { antal_barn_elever: 'många' } }), /huvudman\.antal_barn_elever: förväntade ett tal/],
    ['unknown codebook id', () => makeBundle({ note: { factors: ['trivsel'] } }), /notes\[0\]\.factors\[0\]: okänt framgångsfaktor-id "trivsel"/],
    ['theme id used as factor', () => makeBundle({ note: { factors: ['elevhalsa'] } }), /notes\[0\]\.factors\[0\]/],
    ['unknown status', () => makeBundle({ note: { status: 'klar' } }), /notes\[0\]\.status: förväntade en av utkast, godkand, aterkallad/],
    ['empty text', () => makeBundle({ note: { text: '   ' } }), /notes\[0\]\.text: text får inte vara tom/],
    ['bad date', () => makeBundle({ note: { datum: '12/3 2024' } }), /notes\[0\]\.datum: förväntade ett datum/],
    ['unknown field', () => makeBundle({ note: { statsu: 'godkand' } }), /notes\[0\]: okänt fält "statsu"/],
    ['broken JSON', () => '{"huvudman": {"id": "x",', /ogiltig JSON/],
    ['binary file named .json', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x00]), /inte giltig UTF-8|binära data/],
  ];
  for (const [name, make, expected] of cases) {
    it(name, async () => {
      const file = write(`${name.replace(/\W+/g, '-')}.json`, make());
      const rep = await ingestPaths(db, [file]);
      expect(rep.imported).toBe(0);
      expect(rep.errors).toHaveLength(1);
      expect(rep.errors[0]!.file).toBe(file);
      expect(rep.errors[0]!.message).toMatch(expected);
      expect(collectStats(db)).toMatchObject({ huvudman: 0, dialogues: 0, notes: { godkand: 0, utkast: 0, aterkallad: 0 }, passages: 0 });
    });
  }

  it('a 50 MB file is refused before it is read', async () => {
    const file = join(t.dir, 'in', 'stor.json');
    mkdirSync(join(t.dir, 'in'), { recursive: true });
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const rep = await ingestPaths(db, [file]);
    expect(rep.errors[0]!.message).toMatch(/50\.0 MB; högsta tillåtna storlek är 25 MB/);
    expect(collectStats(db).huvudman).toBe(0);
  });

  it('a file that fails in its second note writes nothing of its first', async () => {
    const b = makeBundle();
    b.notes.push({ ...b.notes[0]!, id: 'hm-test-1-n2', status: 'okänd' });
    const rep = await ingestPaths(db, [write('half.json', b)]);
    expect(rep.errors[0]!.message).toMatch(/notes\[1\]\.status/);
    expect(collectStats(db).notes.godkand).toBe(0);
  });

  it('the other files still land when one is rejected', async () => {
    write('a-good.json', makeBundle());
    write('b-bad.json', '{');
    const rep = await ingestPaths(db, [join(t.dir, 'in')]);
    expect(rep.imported).toBe(1);
    expect(rep.errors.map((e) => e.file)).toEqual([join(t.dir, 'in', 'b-bad.json')]);
  });
});

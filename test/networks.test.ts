// Networks of small förskolor (#17): the invitation rule at its edges (50 children in, 51 out,
// size unknown out, another skolform out, a kommun out), on a real SQLite file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networks, qualifiesForNetwork } from '../src/analytics/networks.js';
import { ingestPaths } from '../src/ingest/ingest.js';
import { closeDb, openDb, type Db } from '../src/store/db.js';
import { makeBundle, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let db: Db;

const cases: [string, Record<string, unknown>, boolean][] = [
  ['hm-n50', { typ: 'enskild', antal_barn_elever: 50, skolformer: ['forskola'] }, true],
  ['hm-n51', { typ: 'enskild', antal_barn_elever: 51, skolformer: ['forskola'] }, false],
  ['hm-n12', { typ: 'enskild', antal_barn_elever: 12, skolformer: ['forskola'], region: 'Luleå' }, true],
  ['hm-nokand', { typ: 'enskild', antal_barn_elever: undefined, skolformer: ['forskola'] }, false],
  ['hm-ngrund', { typ: 'enskild', antal_barn_elever: 30, skolformer: ['forskola', 'grundskola'] }, false],
  ['hm-nkommun', { typ: 'kommun', antal_barn_elever: 30, skolformer: ['forskola'], orgnr: '212000-1234', juridisk_form: 'kommun' }, false],
];

beforeAll(async () => {
  t = tempDir('dk-networks-');
  db = openDb(join(t.dir, 'n.db'));
  const files = cases.map(([id, h]) => {
    const file = join(t.dir, `${id}.json`);
    writeFileSync(file, JSON.stringify(makeBundle({ huvudman: { id, namn: `Förskolan ${id}`, region: 'Göteborg', ...h }, note: { id: `${id}-n1` } })));
    return file;
  });
  const rep = await ingestPaths(db, files);
  expect(rep.errors).toEqual([]);
});
afterAll(() => {
  closeDb(db);
  t.cleanup();
});

describe('networks of small förskolor', () => {
  it('invites exactly the enskilda that run only förskola with at most 50 children', () => {
    const r = networks(db, { size: 2 });
    expect(r.invited.map((m) => m.huvudmanId).sort()).toEqual(cases.filter(([, , q]) => q).map(([id]) => id).sort());
    expect(r.rule).toBe('enskild huvudman, bara förskola, högst 50 barn');
    expect(qualifiesForNetwork({ typ: 'enskild', skolformer: ['forskola'], size: 50 })).toBe(true);
    expect(qualifiesForNetwork({ typ: 'enskild', skolformer: ['forskola'], size: 51 })).toBe(false);
  });

  it('limits the list to the chosen regions, and every invited huvudman is in exactly one group', () => {
    const r = networks(db, { regions: ['Luleå'] });
    expect(r.invited.map((m) => m.huvudmanId)).toEqual(['hm-n12']);
    const all = networks(db, { size: 2 });
    expect(all.groups.flatMap((g) => g.members.map((m) => m.huvudmanId)).sort()).toEqual(all.invited.map((m) => m.huvudmanId).sort());
  });
});

// Personal data end to end on real parts: a real SQLite file, the real embedder and vector index
// file, a real HTTP server on loopback and the CLI as a real process. Names known for a huvudman
// are redacted across its notes and imports; stored text is rescanned when the rules change and
// the old strings are then gone from every file; the audit log keeps queries without personal
// data; and nothing emitted carries a personnummer.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { flushAudit } from '../src/api/audit.js';
import { listen } from '../src/api/listen.js';
import { createUser } from '../src/auth/users.js';
import { guardText, guardValue, onEgressAlarm, type EgressAlarm } from '../src/privacy/egress-guard.js';
import { Service } from '../src/service.js';
import { passageTerms } from '../src/search/lexical-index.js';
import { allFileBytes, makeBundle, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let dbFile: string;

beforeEach(() => {
  t = tempDir('dk-privacy-');
  dbFile = join(t.dir, 'data', 'p.db');
});
afterEach(() => t.cleanup());

function write(name: string, content: unknown): string {
  mkdirSync(join(t.dir, 'in'), { recursive: true });
  const file = join(t.dir, 'in', name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const noteTexts = (s: Service) => (s.db.$client.prepare(`SELECT id, text FROM note ORDER BY id`).all() as { id: string; text: string }[]).map((r) => [r.id, r.text]);

function expectAbsent(dir: string, strings: string[]) {
  const files = allFileBytes(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) for (const s of strings) expect(f.bytes.includes(s), `${s} in ${f.file}`).toBe(false);
}

describe('names known for a huvudman are redacted in all of its notes', () => {
  it('a participant of one note is replaced by the role in another note of the bundle that does not list them', async () => {
    const s = await Service.open({ db: dbFile, memoryIndex: true, retrainAfter: 0 });
    try {
      const bundle = makeBundle();
      bundle.notes = [
        {
          id: 'hm-test-1-n0',
          typ: 'introduktion',
          datum: '2024-02-01',
          status: 'godkand',
          text: 'Till dialogen kommer ägaren och Leyla Qasemi. Qasemi har varit rektor i två år.',
        } as (typeof bundle.notes)[number],
        { ...bundle.notes[0]!, deltagare: [{ namn: 'Maria Holm', roll: 'rektor' }, { namn: 'Leyla Qasemi', roll: 'skolchef' }] },
      ];
      const rep = await s.ingest([write('b.json', bundle)]);
      expect(rep.errors).toEqual([]);
      const [intro] = noteTexts(s);
      expect(intro).toEqual(['hm-test-1-n0', 'Till dialogen kommer ägaren och [skolchef]. [skolchef] har varit rektor i två år.']);
    } finally {
      s.close();
    }
  });

  it('participants of earlier imports and contact people are redacted in a later import; only keyed hashes are stored', async () => {
    const s = await Service.open({ db: dbFile, memoryIndex: true, retrainAfter: 0 });
    try {
      const first = makeBundle({ huvudman: { kontaktpersoner: [{ namn: 'Oskari Mäkelä', roll: 'verksamhetschef' }] } });
      first.notes[0]!.deltagare = [{ namn: 'Maria Holm', roll: 'rektor' }, { namn: 'Dragana Kovačević', roll: 'förskollärare' }];
      await s.ingest([write('a.json', first)]);
      // A later note names both without any list: a genitive, a surname alone, lower case.
      const later = makeBundle({
        note: {
          id: 'hm-test-1-n2',
          typ: 'aterkoppling',
          datum: '2024-04-20',
          deltagare: undefined,
          text: 'Draganas förslag om kollegialt lärande har prövats. Mäkelä följer upp det, enligt oskari.',
        },
      });
      const rep = await s.ingest([write('b.json', later)]);
      expect(rep.errors).toEqual([]);
      const text = noteTexts(s).find(([id]) => id === 'hm-test-1-n2')![1];
      expect(text).toBe('[förskollärare]s förslag om kollegialt lärande har prövats. [verksamhetschef] följer upp det, enligt [verksamhetschef].');
    } finally {
      s.close();
    }
    expectAbsent(join(t.dir, 'data'), ['Dragana', 'Kovačević', 'Oskari', 'Mäkelä', 'Holm']);
  });
});

describe('people who become known later', () => {
  it('a note stored earlier is rescanned when a later import lists a person it names', async () => {
    const s = await Service.open({ db: dbFile, memoryIndex: true, retrainAfter: 0 });
    try {
      // A lone given name that is also a word, at the start of a sentence, with no verb of speech:
      // the finder leaves it (measured limit), so only the later participant list can catch it.
      const text = 'Viola på avdelningen Humlan har tagit fram en rutin för dokumentationen.';
      await s.ingest([write('a.json', makeBundle({ note: { deltagare: undefined, text } }))]);
      expect(noteTexts(s)[0]![1]).toBe(text);
      const later = makeBundle({ note: { id: 'hm-test-1-n2', datum: '2024-05-02', deltagare: [{ namn: 'Viola Strand', roll: 'förskollärare' }], text: 'Uppföljning av rutinen.' } });
      await s.ingest([write('b.json', later)]);
      expect(noteTexts(s)[0]![1]).toBe('[förskollärare] på avdelningen Humlan har tagit fram en rutin för dokumentationen.');
      const hits = (await s.searcher.search({ query: 'rutin för dokumentationen', limit: 5 })).hits;
      expect(hits.map((h) => h.text).join(' ')).not.toContain('Viola');
    } finally {
      s.close();
    }
  });
});

describe('rescan of what is stored', () => {
  const leak = 'Elevens vårdnadshavare Tesfamariam Ghebremedhin, personnummer 19850312-1238, nås på tesfa.gh@exempel.se.';
  const old = ['Tesfamariam', 'Ghebremedhin', 'ghebremedhin', 'tesfamariam', '19850312-1238', 'tesfa.gh@exempel.se'];

  /** A database as an earlier version of the rules left it: the leak is in the note, its passage, FTS, vectors, evidence and the audit log. */
  async function storeUnderOldRules(): Promise<void> {
    const s = await Service.open({ db: dbFile, retrainAfter: 0 });
    try {
      await s.ingest([write('b.json', makeBundle({ note: { text: 'Förskolan vill utveckla det systematiska kvalitetsarbetet.' } }))]);
      const c = s.db.$client;
      const p = c.prepare(`SELECT num, note_id, text FROM passage`).get() as { num: number; note_id: string; text: string };
      const text = `${p.text} ${leak}`;
      c.prepare(`UPDATE note SET text = ? WHERE id = ?`).run(text, p.note_id);
      c.prepare(`UPDATE passage SET text = ?, "end" = ? WHERE num = ?`).run(text, text.length, p.num);
      c.prepare(`DELETE FROM passage_fts WHERE rowid = ?`).run(p.num);
      c.prepare(`INSERT INTO passage_fts(rowid, terms) VALUES (?, ?)`).run(p.num, passageTerms(text));
      c.prepare(`UPDATE label SET evidence = ? WHERE note_id = ?`).run(JSON.stringify([leak]), p.note_id);
      c.prepare(`INSERT INTO audit_log (actor, action, detail) VALUES ('cli', 'search', ?)`).run(JSON.stringify({ query: 'Ghebremedhin 19850312-1238' }));
      c.prepare(`UPDATE app_setting SET value = '1' WHERE key = 'redaction_version'`).run();
      c.prepare(`DELETE FROM embedding WHERE passage_num = ?`).run(p.num);
    } finally {
      s.close();
    }
    // The old text really is in the files before the rescan (else the test below proves nothing).
    const before = allFileBytes(join(t.dir, 'data'));
    expect(before.some((f) => f.bytes.includes('Ghebremedhin'))).toBe(true);
  }

  it('redact --rescan re-redacts note, passages, FTS, vectors, evidence and audit log, and no old string is left in the database, WAL or index files', async () => {
    await storeUnderOldRules();
    const r = spawnSync(process.execPath, ['dist/cli/main.js', '--db', dbFile, '--json', 'redact', '--rescan'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // The service itself rescans at start when the version changed, so the command may find nothing left.
    expect(JSON.parse(r.stdout)).toMatchObject({ version: expect.any(Number) });
    const s = await Service.open({ db: dbFile, retrainAfter: 0 });
    try {
      const text = noteTexts(s)[0]![1];
      expect(text).toContain('[person], personnummer [personnummer], nås på [e-post].');
      const hits = (await s.searcher.search({ query: 'vårdnadshavare', limit: 5, mode: 'hybrid' })).hits;
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) expect(JSON.stringify(h)).not.toMatch(/Ghebremedhin|19850312/);
    } finally {
      s.close();
    }
    expectAbsent(join(t.dir, 'data'), old);
  });

  it('the service rescans at start when the redaction version changed', async () => {
    await storeUnderOldRules();
    const s = await Service.open({ db: dbFile, retrainAfter: 0 });
    try {
      expect(noteTexts(s)[0]![1]).not.toMatch(/Ghebremedhin|19850312|tesfa\.gh/);
      const ev = s.db.$client.prepare(`SELECT evidence FROM label WHERE evidence IS NOT NULL`).pluck().all() as string[];
      for (const e of ev) expect(e).not.toContain('Ghebremedhin');
      const audit = s.db.$client.prepare(`SELECT detail FROM audit_log`).pluck().all() as string[];
      expect(audit.join(' ')).not.toMatch(/Ghebremedhin|19850312/);
    } finally {
      s.close();
    }
    expectAbsent(join(t.dir, 'data'), old);
  });
});

describe('what people type, and what goes out', () => {
  async function server() {
    const s = await Service.open({ db: dbFile, memoryIndex: true, retrainAfter: 0 });
    await s.ingest([write('b.json', makeBundle())]);
    // A personnummer that reached storage past every rule (the guard's reason to exist).
    s.db.$client.prepare(`UPDATE passage SET text = text || ' Ärende 20121103-4567.'`).run();
    s.catalog.invalidate();
    const app = createApp(s, { rateLimit: false, log: false });
    await createUser(s.db, { username: 'ana', displayName: 'Analytiker', role: 'analys', password: 'hemligt-lösen-123' });
    const { base, close } = await listen(app.fetch);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana', password: 'hemligt-lösen-123' }) });
    const token = ((await login.json()) as { token: string }).token;
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return {
      s,
      post,
      close: async () => {
        await app.jobs.idle();
        app.close();
        await close();
        s.close();
      },
    };
  }

  it('the audit log keeps searches and targeting texts without personnummer, e-mail, phone or names', async () => {
    const { s, post, close } = await server();
    try {
      const q = 'Amina Warsame 20121103-4567 amina.w@exempel.se 070-123 45 67 kvalitetsarbete';
      expect((await post('/api/search', { query: q })).status).toBe(200);
      expect((await post('/api/target', { text: `Stöd till rektor Goran Petrović, ring 08-123 45 67 om kvalitetsarbetet` })).status).toBe(200);
      flushAudit(s.db);
      const rows = s.db.$client.prepare(`SELECT action, detail FROM audit_log WHERE action IN ('search', 'target')`).all() as { action: string; detail: string }[];
      expect(rows.map((r) => r.action).sort()).toEqual(['search', 'target']);
      const all = rows.map((r) => r.detail).join(' ');
      expect(all).not.toMatch(/Amina|Warsame|20121103|amina\.w|070-123|Goran|Petrović|08-123/);
      // What was asked is still there.
      expect(all).toContain('kvalitetsarbete');
      expect(all).toContain('[personnummer]');
    } finally {
      await close();
    }
  });

  it('an API answer never carries a personnummer, and the alarm names the place but not the number', async () => {
    const { post, close } = await server();
    const alarms: EgressAlarm[] = [];
    const off = onEgressAlarm((a) => alarms.push(a));
    try {
      const res = await post('/api/search', { query: 'ärende kvalitetsarbetet', limit: 10 });
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(body).toContain('Ärende [personnummer]');
      expect(body).not.toContain('20121103');
      expect(alarms.length).toBeGreaterThan(0);
      expect(alarms[0]!.where).toBe('POST /api/search');
      expect(JSON.stringify(alarms)).not.toContain('20121103');
    } finally {
      off();
      await close();
    }
  });
});

describe('the egress guard itself', () => {
  it('replaces every personnummer in nested values (as exports pass them), keeps org numbers, and alarms without the number', () => {
    const alarms: EgressAlarm[] = [];
    const off = onEgressAlarm((a) => alarms.push(a));
    try {
      const report = { title: 'Rapport', rows: [{ namn: 'Stiftelsen X (802456-1234)', note: 'pnr 19850312-1239 och 850312 1234' }], n: 3 };
      const out = guardValue(report, 'export csv');
      expect(out).toEqual({ title: 'Rapport', rows: [{ namn: 'Stiftelsen X (802456-1234)', note: 'pnr [personnummer] och [personnummer]' }], n: 3 });
      expect(alarms).toEqual([{ where: 'export csv', count: 2 }]);
      expect(guardText('Inget här 2024-03-12.', 'x')).toBe('Inget här 2024-03-12.');
      expect(alarms).toHaveLength(1);
    } finally {
      off();
    }
  });
});

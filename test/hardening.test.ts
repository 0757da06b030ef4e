// Hardening items of the security probe (#14) that are done: a password reset ends the user's
// sessions (real loopback server), CSV exports neutralise formulas, one date rule for every
// import format, note ids that are sane and never move between huvudmän, and an ingest worker
// that dies on a file names it while the rest of the upload lands.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { listen } from '../src/api/listen.js';
import { toCsv } from '../src/analytics/export/csv.js';
import { createUser } from '../src/auth/users.js';
import { ingestPaths } from '../src/ingest/ingest.js';
import { Service } from '../src/service.js';
import { closeDb, openDb, type Db } from '../src/store/db.js';
import { note } from '../src/store/schema.js';
import { makeBundle, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir('dk-hard-')));
afterEach(() => t.cleanup());

function write(name: string, content: string | object): string {
  mkdirSync(join(t.dir, 'in'), { recursive: true });
  const file = join(t.dir, 'in', name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('a password reset ends every session of the user', () => {
  it('the old token answers 401 after an admin sets a new password', async () => {
    const s = await Service.open({ db: join(t.dir, 'a.db'), memoryIndex: true, retrainAfter: 0 });
    const app = createApp(s, { rateLimit: false, log: false });
    const { base, close } = await listen(app.fetch);
    try {
      await createUser(s.db, { username: 'admin1', displayName: 'Admin', role: 'admin', password: 'admin-losenord-1' });
      await createUser(s.db, { username: 'anna', displayName: 'Anna', role: 'dialog', password: 'gammalt-losenord' });
      const login = async (u: string, p: string) =>
        ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: p }) })).json()) as { token: string }).token;
      const admin = await login('admin1', 'admin-losenord-1');
      const old = await login('anna', 'gammalt-losenord');
      const me = (tok: string) => fetch(`${base}/api/huvudman`, { headers: { authorization: `Bearer ${tok}` } });
      expect((await me(old)).status).toBe(200);
      const reset = await fetch(`${base}/api/users/anna`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ password: 'nytt-losenord-123' }) });
      expect(reset.status).toBe(200);
      expect((await me(old)).status).toBe(401);
      expect((await me(await login('anna', 'nytt-losenord-123'))).status).toBe(200);
    } finally {
      await app.jobs.idle();
      app.close();
      await close();
      s.close();
    }
  });
});

describe('CSV formula injection', () => {
  it('text cells that start like a formula get an apostrophe; numbers and plain text do not', () => {
    const csv = toCsv({
      name: 't',
      columns: [{ key: 'namn', header: 'Namn' }, { key: 'andel', header: 'Andel' }],
      rows: [{ namn: '=HYPERLINK("http://x")', andel: -0.5 }, { namn: '+46 Förskola', andel: 1 }, { namn: '@SUM(A1)', andel: 0 }, { namn: '-Stiftelsen', andel: 2 }, { namn: '\tFlik', andel: 3 }, { namn: 'Vanlig AB', andel: 4 }],
    });
    const lines = csv.trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([`"'=HYPERLINK(""http://x"")"`, `'+46 Förskola`, `'@SUM(A1)`, `'-Stiftelsen`, `'\tFlik`, 'Vanlig AB']);
    expect(lines[1]!.endsWith(',-0.5')).toBe(true);
  });
});

describe('imports', () => {
  let db: Db;
  beforeEach(() => (db = openDb(join(t.dir, 'i.db'))));
  afterEach(() => closeDb(db));

  it('one date rule: an impossible Markdown date is refused like the same date in JSON', async () => {
    const md = `---\nhuvudman_id: hm-md-9\nhuvudman_namn: Stiftelsen Datum\ntyp: enskild\nskolformer: [forskola]\nregion: Örebro\ncykel: 1\nomgang: 6\nnote_id: hm-md-9-n1\nnote_typ: dialog\ndatum: 2025-02-30\nstatus: godkand\n---\nText om kvalitetsarbetet.\n`;
    const json = makeBundle({ note: { datum: '2025-02-30' } });
    const rep = await ingestPaths(db, [write('a.md', md), write('b.json', json)]);
    expect(rep.imported).toBe(0);
    expect(rep.errors).toHaveLength(2);
    for (const e of rep.errors) expect(e.message).toMatch(/datum/);
    expect(db.select().from(note).all()).toHaveLength(0);
    // A valid date still reads as a date.
    const ok = await ingestPaths(db, [write('c.md', md.replace('2025-02-30', '2025-02-28'))]);
    expect(ok.errors).toEqual([]);
    expect(db.select().from(note).get()!.datum).toBe('2025-02-28');
  });

  it('a note id that exists under another huvudman is refused, and the note stays where it was', async () => {
    await ingestPaths(db, [write('a.json', makeBundle())]);
    const other = makeBundle({ huvudman: { id: 'hm-annan' } });
    const rep = await ingestPaths(db, [write('b.json', other)]);
    expect(rep.errors).toHaveLength(1);
    expect(rep.errors[0]!.message).toMatch(/finns redan hos huvudmannen hm-test-1/);
    expect(db.select().from(note).get()!.huvudmanId).toBe('hm-test-1');
  });

  it('ids get a length and character limit', async () => {
    const long = makeBundle({ note: { id: 'x'.repeat(100_000) } });
    const odd = makeBundle({ note: { id: 'hm-1 n1/../x' } });
    const rep = await ingestPaths(db, [write('a.json', long), write('b.json', odd)]);
    expect(rep.errors.map((e) => e.message).join(' ')).toMatch(/högst 100 tecken.*bokstäver, siffror/s);
    expect(db.select().from(note).all()).toHaveLength(0);
  });
});

describe('web sign-in and redirects on a real server', () => {
  async function server() {
    const s = await Service.open({ db: join(t.dir, 'w.db'), memoryIndex: true, retrainAfter: 0 });
    await ingestPaths(s.db, [write('b.json', makeBundle())]);
    const app = createApp(s, { rateLimit: false, log: false });
    const { base, close } = await listen(app.fetch);
    await createUser(s.db, { username: 'dora', displayName: 'Dora', role: 'dialog', password: 'dialog-losenord-1' });
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const same = { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'sec-fetch-site': 'same-origin' };
    const signIn = async (nasta: string) =>
      fetch(`${base}/logga-in`, { method: 'POST', redirect: 'manual', headers: same, body: form({ username: 'dora', password: 'dialog-losenord-1', nasta }) });
    return {
      s,
      base,
      same,
      form,
      signIn,
      close: async () => {
        await app.jobs.idle();
        app.close();
        await close();
        s.close();
      },
    };
  }

  it('accepts only same-origin paths after sign-in: tab, backslash, // and CR/LF go to /', async () => {
    const { signIn, close } = await server();
    try {
      for (const bad of ['/\t/evil.example', '/\\evil.example', '//evil.example', ' //evil.example', '/ok\r\nSet-Cookie: x=1', 'https://evil.example/']) {
        const res = await signIn(bad);
        expect(res.status, JSON.stringify(bad)).toBe(303);
        expect(res.headers.get('location')).toBe('/');
      }
      expect((await signIn('/sok?q=n%C3%A4rvaro')).headers.get('location')).toBe('/sok?q=n%C3%A4rvaro');
    } finally {
      await close();
    }
  });

  it('refuses a cross-site sign-in form (login CSRF) and a broken multipart body with 4xx, never 500', async () => {
    const { base, form, close } = await server();
    try {
      const cross = await fetch(`${base}/logga-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, body: form({ username: 'dora', password: 'dialog-losenord-1' }) });
      expect(cross.status).toBe(403);
      expect(cross.headers.get('set-cookie')).toBeNull();
      const broken = await fetch(`${base}/logga-in`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=XYZ', origin: base, 'sec-fetch-site': 'same-origin' }, body: '--XYZ\r\nContent-Disposition: form-data; name="username"\r\n\r\ndora' });
      expect(broken.status).toBe(400);
    } finally {
      await close();
    }
  });

  it('a review with CR/LF in tillbaka is refused before it is saved; answers to a signed-in user are no-store', async () => {
    const { s, base, same, form, signIn, close } = await server();
    try {
      const cookie = (await signIn('/')).headers.get('set-cookie')!.split(';')[0]!;
      const pid = s.db.$client.prepare(`SELECT id FROM passage LIMIT 1`).pluck().get() as string;
      const before = s.db.$client.prepare(`SELECT count(*) FROM label WHERE source = 'reviewed'`).pluck().get();
      const res = await fetch(`${base}/textavsnitt/${encodeURIComponent(pid)}/granska`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...same, cookie },
        body: form({ labelId: 'dokumentation', action: 'add', tillbaka: '/granska\r\nX: y' }),
      });
      expect(res.status).toBe(400);
      expect(s.db.$client.prepare(`SELECT count(*) FROM label WHERE source = 'reviewed'`).pluck().get()).toBe(before);
      const page = await fetch(`${base}/sok?q=kvalitetsarbete`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
    } finally {
      await close();
    }
  });

  it('control characters in what is logged are escaped', async () => {
    const { escapeForLog } = await import('../src/api/app.js');
    expect(escapeForLog('GET /a\nPOST /admin 200')).toBe('GET /a\\u000aPOST /admin 200');
  });
});

describe('a .docx zip bomb', () => {
  it('is refused before unpacking, naming the file and the reason in Swedish; the other files of the upload still land', async () => {
    const { zipSync } = await import('fflate');
    const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': new Uint8Array(40 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const file = write('bomb.docx', '');
    writeFileSync(file, bomb);
    writeFileSync(file.replace(/\.docx$/, '.meta.json'), JSON.stringify({ huvudman_id: 'hm-z', huvudman_namn: 'Z', typ: 'enskild', skolformer: ['forskola'], region: 'Örebro', cykel: 1, omgang: 1, note_id: 'hm-z-n1', note_typ: 'dialog', datum: '2024-01-01', status: 'godkand' }));
    const db = openDb(join(t.dir, 'z.db'));
    try {
      const rep = await ingestPaths(db, [file, write('ok.json', makeBundle())]);
      expect(rep.imported).toBe(1);
      expect(rep.errors).toHaveLength(1);
      expect(rep.errors[0]!.file).toBe(file);
      expect(rep.errors[0]!.message).toMatch(/Word-dokumentet avvisades: delen word\/document\.xml packas upp \d+ gånger större/);
    } finally {
      closeDb(db);
    }
  });
});

describe('an ingest worker that dies in the middle of a file', () => {
  it('names that file in Swedish, and a fresh worker reads in the rest of the upload', async () => {
    const { childRunner } = await import('../src/api/ingest-runner.js');
    const s = await Service.open({ db: join(t.dir, 'w.db'), memoryIndex: true, retrainAfter: 0 });
    const runner = childRunner(s);
    try {
      for (const x of ['a', 'b', 'c']) write(`${x}.json`, makeBundle({ huvudman: { id: `hm-w-${x}` }, note: { id: `hm-w-${x}-n1` } }));
      let killed = false;
      // Killed from outside, as the kernel does when a file takes all memory: where it stands is what matters.
      const rep = await runner.run([join(t.dir, 'in')], 'test', (_done, _total, file) => {
        if (!killed && file.endsWith('b.json') && runner.pid) {
          killed = true;
          process.kill(runner.pid, 'SIGKILL');
        }
      });
      expect(killed).toBe(true);
      expect(rep.errors).toHaveLength(1);
      expect(rep.errors[0]!.file).toMatch(/b\.json$/);
      expect(rep.errors[0]!.message).toMatch(/^filen kunde inte läsas: inläsningsprocessen avslutades medan den lästes \(signal SIGKILL\)/);
      s.catalog.invalidate();
      const ids = s.db.select({ id: note.id }).from(note).all().map((r) => r.id).sort();
      expect(ids).toEqual(['hm-w-a-n1', 'hm-w-c-n1']);
    } finally {
      runner.close();
      s.close();
    }
  });
});

describe('rate limits cover every user name and the web pages', () => {
  it('one address trying many user names is limited, and so are 70 quick searches on /sok', async () => {
    const s = await Service.open({ db: join(t.dir, 'r.db'), memoryIndex: true, retrainAfter: 0 });
    const app = createApp(s, { log: false, rateLimit: { burst: 60, perSecond: 20 }, loginAddressRateLimit: { burst: 30, perSecond: 1 / 2 } });
    const { base, close } = await listen(app.fetch);
    try {
      let limited = 0;
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `namn${i}`, password: 'fel-losenord-123' }) });
        if (res.status === 429) limited++;
      }
      expect(limited).toBeGreaterThanOrEqual(5);
      const statuses = await Promise.all(Array.from({ length: 70 }, () => fetch(`${base}/sok?q=frånvaro`, { redirect: 'manual' }).then((r) => r.status)));
      expect(statuses.filter((x) => x === 429).length).toBeGreaterThan(0);
    } finally {
      await app.jobs.idle();
      app.close();
      await close();
      s.close();
    }
  });
});

describe('messages in Swedish that name the field and what was expected', () => {
  it('a wrongly typed value is not reported as missing; broken JSON and a broken .docx get no library English', async () => {
    const s = await Service.open({ db: join(t.dir, 'm.db'), memoryIndex: true, retrainAfter: 0 });
    const app = createApp(s, { rateLimit: false, log: false });
    const { base, close } = await listen(app.fetch);
    try {
      await createUser(s.db, { username: 'ana', displayName: 'Ana', role: 'analys', password: 'analys-losenord-1' });
      const token = ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana', password: 'analys-losenord-1' }) })).json()) as { token: string }).token;
      const res = await fetch(`${base}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: 5 }) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { detaljer: { falt: string; meddelande: string }[] };
      expect(body.detaljer).toContainEqual({ falt: 'query', meddelande: 'sökfrågan ska vara text' });
      // A field without a message of its own gets the generic rule: what was expected, what came.
      const limit = (await (await fetch(`${base}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: 'närvaro', limit: 'tio' }) })).json()) as { detaljer: { falt: string; meddelande: string }[] };
      expect(limit.detaljer).toContainEqual({ falt: 'limit', meddelande: 'förväntade ett tal, fick text' });
      const missing = (await (await fetch(`${base}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' })).json()) as { detaljer: { falt: string; meddelande: string }[] };
      expect(missing.detaljer).toContainEqual({ falt: 'query', meddelande: 'sökfrågan saknas' });
    } finally {
      await app.jobs.idle();
      app.close();
      await close();
      s.close();
    }
    const db = openDb(join(t.dir, 'n.db'));
    try {
      const broken = write('trasig.json', '{\n  "huvudman": {"id": "x",\n  }\n}');
      const docx = write('trasig.docx', 'inte en zip');
      writeFileSync(docx.replace(/\.docx$/, '.meta.json'), '{}');
      const rep = await ingestPaths(db, [broken, docx]);
      const messages = rep.errors.map((e) => e.message);
      expect(messages[0]).toMatch(/^ogiltig JSON på rad 3, kolumn 3/);
      expect(messages.join(' ')).not.toMatch(/Unexpected|position|https?:|zip file|Corrupted/);
      expect(messages[1]).toMatch(/Word-dokumentet/);
    } finally {
      closeDb(db);
    }
  });
});

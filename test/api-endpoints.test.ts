// The HTTP API on a real server on loopback over a temp database with the fixture corpus: every
// endpoint's success and validation errors, 401 without credentials, and every cell of the
// permission matrix (403 for each role that may not, no 401/403 for each role that may).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { createApp } from '../src/api/app.js';
import { listen } from '../src/api/listen.js';
import { readmeWithMatrix, rolesDoc } from '../src/api/roles-doc.js';
import { may, PERMISSION_IDS, PERMISSIONS, matrixMarkdown } from '../src/api/permissions.js';
import { ROLES, type Role } from '../src/auth/roles.js';
import { createUser } from '../src/auth/users.js';
import { loadCodebook } from '../src/codebook/index.js';
import { makeBundle } from './helpers.js';
import { login, PASSWORD, startServer, waitForJob, type TestServer } from './api-fixture.js';

let s: TestServer;
let passageId: string;
let passageText: string;
let noteId: string;
const HM = 'hm-0001';

interface Req {
  method?: string;
  path: string;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

async function call(role: Role | null, r: Req, token?: string): Promise<Response> {
  const headers: Record<string, string> = { ...r.headers };
  const t = token ?? (role ? s.tokens[role] : undefined);
  if (t) headers.authorization = `Bearer ${t}`;
  let body: BodyInit | undefined;
  if (r.form) body = r.form;
  else if (r.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(r.body);
  }
  return fetch(s.base + r.path, { method: r.method ?? (body ? 'POST' : 'GET'), headers, body });
}

async function jsonOf<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

function uploadForm(name = 'api-test.json', content: unknown = makeBundle()): FormData {
  const fd = new FormData();
  fd.append('filer', new Blob([typeof content === 'string' ? content : JSON.stringify(content)], { type: 'application/json' }), name);
  return fd;
}

let seq = 0;
/** A request that the route accepts, for the matrix (a function: some need a fresh session or name). */
const SAMPLES: Record<string, (role: Role) => Promise<Req> | Req> = {
  'POST /api/auth/logout': async (role) => ({ method: 'POST', path: '/api/auth/logout', headers: { authorization: `Bearer ${await login(s.base, `test-${role}`, PASSWORD)}` } }),
  'GET /api/auth/me': () => ({ path: '/api/auth/me' }),
  'GET /api/stats': () => ({ path: '/api/stats' }),
  'GET /api/followups': () => ({ path: '/api/followups?today=2026-12-08' }),
  'GET /api/networks': () => ({ path: '/api/networks?size=6' }),
  'GET /api/codebook': () => ({ path: '/api/codebook' }),
  'POST /api/search': () => ({ path: '/api/search', body: { query: 'styrelsen', limit: 3 } }),
  'GET /api/passages/{id}': () => ({ path: `/api/passages/${encodeURIComponent(passageId)}` }),
  'POST /api/classify': () => ({ path: '/api/classify', body: { text: 'Rektor beskrev att elevhälsan inte är delaktig i kvalitetsarbetet.' } }),
  'GET /api/huvudman': () => ({ path: '/api/huvudman' }),
  'GET /api/huvudman/{id}': () => ({ path: `/api/huvudman/${HM}` }),
  'GET /api/huvudman/{id}/similar': () => ({ path: `/api/huvudman/${HM}/similar?limit=3` }),
  'GET /api/huvudman/{id}/brief': () => ({ path: `/api/huvudman/${HM}/brief` }),
  'GET /api/reports/{report}': () => ({ path: '/api/reports/factors?by=typ' }),
  'GET /api/reports/{report}/export': () => ({ path: '/api/reports/factors/export?format=csv' }),
  'POST /api/quotes': () => ({ path: '/api/quotes', body: { factor: 'roll-och-ansvar', limit: 3 } }),
  'POST /api/emerging': () => ({ path: '/api/emerging', body: {} }),
  'POST /api/target': () => ({ path: '/api/target', body: { themes: ['narvaro'], limit: 5 } }),
  'POST /api/target/export': () => ({ path: '/api/target/export?format=csv', body: { themes: ['narvaro'] } }),
  'GET /api/review/queue': () => ({ path: '/api/review/queue?limit=2' }),
  'POST /api/review': () => ({ path: '/api/review', body: { targetKind: 'passage', targetId: passageId, labelId: 'dokumentation', action: 'undo' } }),
  'POST /api/model/reclassify': () => ({ method: 'POST', path: '/api/model/reclassify' }),
  'POST /api/model/train': () => ({ method: 'POST', path: '/api/model/train' }),
  'POST /api/ingest': () => ({ path: '/api/ingest', form: uploadForm() }),
  'GET /api/jobs/{id}': () => ({ path: '/api/jobs/finns-inte' }),
  'GET /api/users': () => ({ path: '/api/users' }),
  'POST /api/users': () => ({ path: '/api/users', body: { username: `matris-${++seq}`, displayName: 'Matris', role: 'dialog', password: 'ett-langt-losenord' } }),
  // A spare user: a new password ends that user's sessions, so not one whose token the matrix uses.
  'PATCH /api/users/{username}': () => ({ method: 'PATCH', path: '/api/users/matris-reserv', body: { password: PASSWORD } }),
  'GET /api/audit': () => ({ path: '/api/audit?limit=5' }),
};

beforeAll(async () => {
  s = await startServer();
  await createUser(s.service.db, { username: 'matris-reserv', displayName: 'Reserv', role: 'dialog', password: PASSWORD });
  // The classifier's suggestions, through the API (admin may retrain and reclassify).
  const res = await call('admin', { method: 'POST', path: '/api/model/reclassify' });
  expect(res.status).toBe(202);
  const job = await waitForJob(s.base, s.tokens.admin, (await jsonOf<{ id: string }>(res)).id);
  expect(job.status).toBe('klar');
  const row = s.service.db.$client
    .prepare(`SELECT p.id, p.text, p.note_id AS noteId FROM passage p JOIN note n ON n.id = p.note_id WHERE n.huvudman_id = ? ORDER BY p.num LIMIT 1`)
    .get(HM) as { id: string; text: string; noteId: string };
  passageId = row.id;
  passageText = row.text;
  noteId = row.noteId;
});
afterAll(async () => {
  await s?.close();
});

describe('the permission matrix', () => {
  it('has a sample request for every API route, and every permission is used by a route', () => {
    const secured = s.app.routes.filter((r) => r.permission !== 'public');
    for (const r of secured) expect(SAMPLES[`${r.method} ${r.path}`], `${r.method} ${r.path}`).toBeDefined();
    const used = new Set(s.app.routes.map((r) => r.permission));
    for (const p of PERMISSION_IDS) expect(used.has(p), p).toBe(true);
  });

  it('answers 401 without credentials and with a wrong token on every secured route', async () => {
    for (const r of s.app.routes.filter((x) => x.permission !== 'public')) {
      const req = await SAMPLES[`${r.method} ${r.path}`]!('admin');
      const { authorization: _a, ...headers } = req.headers ?? {};
      const res = await call(null, { ...req, method: r.method, headers });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      expect((await jsonOf(res)).error).toMatch(/logga in/);
      const bad = await call(null, { ...req, method: r.method, headers }, 'fel-token');
      expect(bad.status, `${r.method} ${r.path} (wrong token)`).toBe(401);
    }
  });

  for (const role of ROLES) {
    it(`checks every cell for role ${role}: 403 where the matrix says no, allowed where it says yes`, async () => {
      for (const r of s.app.routes.filter((x) => x.permission !== 'public')) {
        const req = await SAMPLES[`${r.method} ${r.path}`]!(role);
        const res = await call(req.headers?.authorization ? null : role, { ...req, method: r.method });
        const allowed = r.permission === null || may(role, r.permission as (typeof PERMISSION_IDS)[number]);
        if (allowed) {
          expect([401, 403], `${role} ${r.method} ${r.path} → ${res.status}`).not.toContain(res.status);
          expect(res.status, `${role} ${r.method} ${r.path}: ${res.status >= 500 ? await res.text() : ''}`).toBeLessThan(500);
        } else {
          expect(res.status, `${role} ${r.method} ${r.path}`).toBe(403);
          const body = await jsonOf<{ error: string; detaljer: { behorighet: string } }>(res);
          expect(body.error).toMatch(/din roll/);
          expect(body.detaljer.behorighet).toBe(r.permission);
        }
      }
      await s.app.jobs.idle();
    });
  }

  it('is written out as a Markdown table with one row per permission', () => {
    const md = matrixMarkdown();
    expect(md.split('\n')).toHaveLength(PERMISSION_IDS.length + 2);
    for (const p of PERMISSION_IDS) expect(md).toContain(`\`${p}\``);
    expect(Object.keys(PERMISSIONS).length).toBe(PERMISSION_IDS.length);
  });
});

describe('sign-in', () => {
  it('gives a token and an HttpOnly, SameSite cookie', async () => {
    const res = await call(null, { path: '/api/auth/login', body: { username: 'test-analys', password: PASSWORD } });
    expect(res.status).toBe(200);
    const body = await jsonOf<{ token: string; expiresAt: string; user: { role: string } }>(res);
    expect(body.token.length).toBeGreaterThan(30);
    expect(body.user.role).toBe('analys');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/dk_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // The cookie works for reading …
    const me = await fetch(`${s.base}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect((await jsonOf<{ permissions: string[] }>(me)).permissions).toContain('search');
    // … but a state-changing request with only the cookie must come from our own pages.
    const cross = await fetch(`${s.base}/api/search`, { method: 'POST', headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/json', origin: 'https://elak.example' }, body: JSON.stringify({ query: 'styrelsen' }) });
    expect(cross.status).toBe(403);
    const same = await fetch(`${s.base}/api/search`, { method: 'POST', headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/json', origin: s.base }, body: JSON.stringify({ query: 'styrelsen' }) });
    expect(same.status).toBe(200);
  });

  it('refuses a wrong password and a missing field in Swedish', async () => {
    const wrong = await call(null, { path: '/api/auth/login', body: { username: 'test-analys', password: 'fel' } });
    expect(wrong.status).toBe(401);
    expect((await jsonOf(wrong)).error).toBe('fel användarnamn eller lösenord');
    const nobody = await call(null, { path: '/api/auth/login', body: { username: 'finns-inte', password: 'x' } });
    expect(nobody.status).toBe(401);
    const missing = await call(null, { path: '/api/auth/login', body: { username: 'test-analys' } });
    expect(missing.status).toBe(400);
    const body = await jsonOf<{ error: string; detaljer: { falt: string; meddelande: string }[] }>(missing);
    expect(body.error).toBe('ogiltig begäran');
    expect(body.detaljer).toContainEqual({ falt: 'password', meddelande: 'lösenord saknas' });
    const broken = await fetch(`${s.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{inte json' });
    expect(broken.status).toBe(400);
    expect((await jsonOf(broken)).error).toMatch(/JSON|ogiltig/);
  });

  it('ends the session on logout', async () => {
    const token = await login(s.base, 'test-stod', PASSWORD);
    expect((await call(null, { method: 'POST', path: '/api/auth/logout' }, token)).status).toBe(200);
    expect((await call(null, { path: '/api/auth/me' }, token)).status).toBe(401);
  });

  it('limits sign-in attempts per address and user name', async () => {
    const local = createApp(s.service, { rateLimit: false, loginRateLimit: { burst: 3, perSecond: 0.01 } });
    const { base, close } = await listen(local.fetch);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'test-admin', password: 'fel' }) });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await jsonOf(res)).error).toMatch(/för många inloggningsförsök/);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    await close();
  });
});

describe('rate limiting and body limits', () => {
  it('answers 429 with Retry-After when a token makes too many calls', async () => {
    const local = createApp(s.service, { rateLimit: { burst: 5, perSecond: 0.5 } });
    const { base, close } = await listen(local.fetch);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${base}/api/stats`, { headers: { authorization: `Bearer ${s.tokens.analys}` } })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const res = await fetch(`${base}/api/stats`, { headers: { authorization: `Bearer ${s.tokens.analys}` } });
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect((await jsonOf(res)).error).toMatch(/för många anrop/);
    // Another token has its own bucket.
    expect((await fetch(`${base}/api/stats`, { headers: { authorization: `Bearer ${s.tokens.dialog}` } })).status).toBe(200);
    await close();
  });

  // On a server of their own: the server answers before reading the whole body and closes the
  // connection, which must not disturb the shared server's keep-alive connections.
  it('refuses a JSON body over 1 MB and an upload over 25 MB with 413', async () => {
    const local = createApp(s.service, { rateLimit: false });
    const { server, base, close } = await listen(local.fetch);
    const res = await fetch(`${base}/api/classify`, { method: 'POST', headers: { authorization: `Bearer ${s.tokens.analys}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'a'.repeat(1_200_000) }) });
    expect(res.status).toBe(413);
    expect((await jsonOf(res)).error).toMatch(/för stor/);
    const big = new FormData();
    big.append('filer', new Blob([new Uint8Array(26 * 1024 * 1024)]), 'stor.json');
    const up = await fetch(`${base}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${s.tokens.admin}` }, body: big });
    expect(up.status).toBe(413);
    expect((await jsonOf(up)).error).toMatch(/25 MB/);
    server.closeAllConnections();
    await close();
  });
});

describe('search and passages', () => {
  it('finds highlighted, labelled, approved passages and writes the audit log without note text', async () => {
    const res = await call('dialog', { path: '/api/search', body: { query: 'hemmasittare', limit: 5 } });
    expect(res.status).toBe(200);
    const { hits } = await jsonOf<{ hits: { passageId: string; text: string; huvudmanNamn: string; highlights: [number, number][]; labels: { labelId: string; positive: boolean }[] }[] }>(res);
    expect(hits).toHaveLength(5);
    for (const h of hits) {
      expect(h.huvudmanNamn).toBeTruthy();
      expect(Array.isArray(h.labels)).toBe(true);
    }
    expect(hits.some((h) => h.labels.length > 0)).toBe(true);
    const audit = await jsonOf<{ entries: { actor: string; action: string; detail: { query?: string }; resultCount: number }[] }>(await call('admin', { path: '/api/audit?action=search&actor=test-dialog' }));
    const entry = audit.entries.find((e) => e.detail.query === 'hemmasittare');
    expect(entry).toBeDefined();
    expect(entry!.resultCount).toBe(5);
    // No note text anywhere in the log.
    const all = JSON.stringify((await jsonOf<{ entries: unknown[] }>(await call('admin', { path: '/api/audit?limit=1000' }))).entries);
    for (const h of hits) expect(all).not.toContain(h.text.slice(0, 40));
  });

  it('applies filters', async () => {
    const res = await call('analys', { path: '/api/search', body: { query: 'kvalitetsarbete', limit: 20, filters: { region: 'Malmö', typ: 'enskild' } } });
    const { hits } = await jsonOf<{ hits: { region: string; huvudmanId: string }[] }>(res);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.region).toBe('Malmö');
  });

  it('explains validation errors field by field', async () => {
    const res = await call('analys', { path: '/api/search', body: { query: ' ', limit: 500, filters: { region: 'Stockholm', factor: 'finns-inte' }, extra: 1 } });
    expect(res.status).toBe(400);
    const body = await jsonOf<{ error: string; detaljer: { falt: string; meddelande: string }[] }>(res);
    const fields = body.detaljer.map((d) => d.falt);
    expect(fields).toEqual(expect.arrayContaining(['query', 'limit', 'filters.region', 'filters.factor']));
    expect(body.detaljer.find((d) => d.falt === 'query')!.meddelande).toMatch(/tom/);
    expect(body.detaljer.find((d) => d.falt === 'filters.factor')!.meddelande).toBe('okänd framgångsfaktor');
  });

  it('opens a passage with its labels; 404 for an unknown or non-approved one', async () => {
    const res = await call('stod', { path: `/api/passages/${encodeURIComponent(passageId)}` });
    expect(res.status).toBe(200);
    const p = await jsonOf<{ text: string; noteId: string; notePassages: string[] }>(res);
    expect(p.text).toBe(passageText);
    expect(p.notePassages).toContain(passageId);
    const draft = s.service.db.$client.prepare(`SELECT id FROM note WHERE status != 'godkand' LIMIT 1`).pluck().get() as string;
    for (const id of ['finns-inte:p0', `${draft}:p0`]) {
      const r = await call('stod', { path: `/api/passages/${encodeURIComponent(id)}` });
      expect(r.status).toBe(404);
      expect((await jsonOf(r)).error).toMatch(/finns inte/);
    }
  });

  it('classifies a free text without storing it, and logs only its length', async () => {
    const text = 'Huvudmannen vill bli bättre på att följa upp närvaron och arbeta förebyggande mot långvarig frånvaro.';
    const res = await call('analys', { path: '/api/classify', body: { text } });
    expect(res.status).toBe(200);
    const body = await jsonOf<{ factors: { id: string }[]; themes: { id: string; score: number }[] }>(res);
    expect(body.factors).toHaveLength(7);
    expect(body.themes.length).toBeGreaterThan(10);
    const log = await jsonOf<{ entries: { detail: Record<string, unknown> }[] }>(await call('admin', { path: '/api/audit?action=classify' }));
    expect(log.entries[0]!.detail).toEqual({ chars: text.length });
    const bad = await call('analys', { path: '/api/classify', body: { text: '' } });
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ detaljer: { falt: string }[] }>(bad)).detaljer[0]!.falt).toBe('text');
  });
});

describe('huvudmän', () => {
  it('lists, filters and shows one; 404 for an unknown one', async () => {
    const all = await jsonOf<{ huvudman: { id: string; region: string }[] }>(await call('stod', { path: '/api/huvudman' }));
    expect(all.huvudman.length).toBeGreaterThanOrEqual(42);
    const malmo = await jsonOf<{ huvudman: { region: string }[] }>(await call('stod', { path: '/api/huvudman?region=Malm%C3%B6' }));
    expect(malmo.huvudman.every((h) => h.region === 'Malmö')).toBe(true);
    expect((await call('stod', { path: `/api/huvudman/${HM}` })).status).toBe(200);
    expect((await call('stod', { path: '/api/huvudman/hm-9999' })).status).toBe(404);
    expect((await call('stod', { path: '/api/huvudman?region=Stockholm' })).status).toBe(400);
  });

  it('gives similar huvudmän with reasons', async () => {
    const res = await call('dialog', { path: `/api/huvudman/${HM}/similar?limit=3` });
    const body = await jsonOf<{ similar: { huvudmanId: string; why: string }[] }>(res);
    expect(body.similar).toHaveLength(3);
    expect(body.similar[0]!.why).toBeTruthy();
    expect((await call('dialog', { path: `/api/huvudman/${HM}/similar?limit=0` })).status).toBe(400);
    expect((await call('dialog', { path: `/api/huvudman/${HM}/similar?limit=tre` })).status).toBe(400);
    expect((await call('dialog', { path: '/api/huvudman/hm-9999/similar' })).status).toBe(404);
  });

  it('gives the pre-dialogue brief and logs it', async () => {
    const res = await call('dialog', { path: `/api/huvudman/${HM}/brief` });
    expect(res.status).toBe(200);
    const brief = await jsonOf<{ report: string; huvudman: { id: string }; dialogues: unknown[]; similar: unknown[] }>(res);
    expect(brief.report).toBe('brief');
    expect(brief.huvudman.id).toBe(HM);
    expect(brief.dialogues.length).toBeGreaterThan(0);
    expect((await call('dialog', { path: `/api/huvudman/${HM}/brief?similar=99` })).status).toBe(400);
    expect((await call('dialog', { path: '/api/huvudman/hm-9999/brief' })).status).toBe(404);
    const log = await jsonOf<{ entries: { detail: { huvudmanId: string } }[] }>(await call('admin', { path: '/api/audit?action=brief&actor=test-dialog' }));
    expect(log.entries[0]!.detail.huvudmanId).toBe(HM);
  });
});

describe('reports and exports', () => {
  it('reports factors and themes by group, co-occurrence and change', async () => {
    const f = await jsonOf<{ report: string; by: string[]; rows: { group: string; share: number }[] }>(await call('analys', { path: '/api/reports/factors?by=typ' }));
    expect(f.report).toBe('factors');
    expect(f.by).toEqual(['typ']);
    expect(new Set(f.rows.map((r) => r.group))).toEqual(new Set(['enskild', 'offentlig']));
    const t = await jsonOf<{ report: string }>(await call('analys', { path: '/api/reports/themes?region=Malm%C3%B6' }));
    expect(t.report).toBe('themes');
    expect((await jsonOf<{ report: string }>(await call('analys', { path: '/api/reports/cooccurrence?kind=theme' }))).report).toBe('cooccurrence');
    expect((await jsonOf<{ report: string }>(await call('analys', { path: '/api/reports/change?period=omgang' }))).report).toBe('change');
  });

  it('explains bad report parameters', async () => {
    for (const q of ['/api/reports/okand', '/api/reports/factors?by=farg', '/api/reports/factors?cykel=noll', '/api/reports/factors?labels=finns-inte', '/api/reports/factors?franDatum=igar']) {
      const res = await call('analys', { path: q });
      expect(res.status, q).toBe(400);
      expect((await jsonOf<{ detaljer: unknown[] }>(res)).detaljer.length, q).toBeGreaterThan(0);
    }
  });

  it('exports CSV, Excel, SVG and JSON as attachments, and logs each export', async () => {
    const csv = await call('stod', { path: '/api/reports/factors/export?by=typ&format=csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="dialogkunskap-factors-per-typ-.*\.csv"/);
    expect(await csv.text()).toMatch(/Systematiskt kvalitetsarbete/);
    const xlsx = await call('analys', { path: '/api/reports/themes/export?format=xlsx' });
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const svg = await call('analys', { path: '/api/reports/factors/export?format=svg&by=storlek' });
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await svg.text()).toMatch(/<svg[^>]*role="img"/);
    const json = await call('analys', { path: '/api/reports/change/export?format=json' });
    expect(((await json.json()) as { report: string }).report).toBe('change');
    expect((await call('analys', { path: '/api/reports/factors/export?format=pdf' })).status).toBe(400);
    expect((await call('analys', { path: '/api/reports/cooccurrence/export?format=svg' })).status).toBe(400);
    const log = await jsonOf<{ entries: { detail: { format: string; report: string } }[] }>(await call('admin', { path: '/api/audit?action=export' }));
    expect(log.entries.map((e) => `${e.detail.report}.${e.detail.format}`)).toEqual(expect.arrayContaining(['factors.csv', 'themes.xlsx', 'factors.svg', 'change.json']));
  });

  it('gives quotes for a factor or a query; says what is missing', async () => {
    const r = await jsonOf<{ report: string; quotes: { text: string; huvudmanId: string }[] }>(await call('analys', { path: '/api/quotes', body: { theme: 'narvaro', limit: 4 } }));
    expect(r.report).toBe('quotes');
    expect(r.quotes.length).toBeGreaterThan(0);
    const q = await call('dialog', { path: '/api/quotes', body: { query: 'styrelsen byts ut', limit: 3 } });
    expect(q.status).toBe(200);
    const none = await call('analys', { path: '/api/quotes', body: {} });
    expect(none.status).toBe(400);
    expect(JSON.stringify(await none.json())).toMatch(/ange en framgångsfaktor, ett tema eller en sökfråga/);
    expect((await call('analys', { path: '/api/quotes', body: { factor: 'narvaro' } })).status).toBe(400);
  });

  it('finds emerging themes; validates options', async () => {
    const r = await jsonOf<{ report: string; clusters: unknown[] }>(await call('admin', { path: '/api/emerging', body: { minSize: 2 } }));
    expect(r.report).toBe('emerging');
    expect(Array.isArray(r.clusters)).toBe(true);
    expect((await call('admin', { path: '/api/emerging', body: { k: 1 } })).status).toBe(400);
  });

  it('targets support by text or labels, counts by region, exports; validates', async () => {
    const r = await jsonOf<{ report: string; total: number; byRegion: unknown[]; huvudman: { evidence: unknown[] }[] }>(
      await call('stod', { path: '/api/target', body: { text: 'Nätverk för små förskolor om systematiskt kvalitetsarbete och styrelsens ansvar.', filters: { endastForskola: true } } }),
    );
    expect(r.report).toBe('target');
    expect(r.total).toBeGreaterThan(0);
    expect(r.byRegion.length).toBeGreaterThan(0);
    const csv = await call('stod', { path: '/api/target/export?format=csv', body: { factors: ['roll-och-ansvar'] } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/malgrupp/);
    const empty = await call('stod', { path: '/api/target', body: { limit: 5 } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toMatch(/beskriv stödet/);
    expect((await call('stod', { path: '/api/target', body: { factors: ['narvaro'] } })).status).toBe(400);
    expect((await call('stod', { path: '/api/target/export?format=svg', body: { factors: ['roll-och-ansvar'] } })).status).toBe(400);
  });
});

describe('networks of small förskolor', () => {
  it('lists the invited huvudmän and their groups, as JSON and as a CSV for the mail-merge', async () => {
    const r = await jsonOf<{ report: string; invited: { huvudmanId: string; antalBarn: number }[]; groups: { members: unknown[] }[]; similarity: { proposed: number; random: number } }>(
      await call('stod', { path: '/api/networks?size=6&region=Luleå,Örebro' }),
    );
    expect(r.report).toBe('networks');
    expect(r.invited.length).toBeGreaterThan(5);
    for (const m of r.invited) expect(m.antalBarn).toBeLessThanOrEqual(50);
    expect(r.groups.reduce((a, g) => a + g.members.length, 0)).toBe(r.invited.length);
    const csv = await call('dialog', { path: '/api/networks?format=csv' });
    expect(await csv.text()).toMatch(/Föreslagen grupp/);
    expect((await call('dialog', { path: '/api/networks?size=1' })).status).toBe(400);
    expect((await call('analys', { path: '/api/networks' })).status).toBe(403);
  });
});

describe('follow-ups due', () => {
  it('lists the follow-ups in the window, as JSON and CSV, and answers 400 on a bad date', async () => {
    const r = await jsonOf<{ report: string; window: { from: string; to: string }; followups: { huvudmanId: string; aterkoppling: { datum: string }; needs: { label: string }[] }[] }>(
      await call('dialog', { path: '/api/followups?today=2026-12-08' }),
    );
    expect(r.report).toBe('followups');
    expect(r.window).toEqual({ from: '2026-05-08', to: '2026-07-08' });
    expect(r.followups.length).toBeGreaterThan(0);
    const dates = r.followups.map((f) => f.aterkoppling.datum);
    expect(dates).toEqual([...dates].sort());
    for (const d of dates) expect(d >= '2026-05-08' && d <= '2026-07-08').toBe(true);
    const csv = await call('stod', { path: '/api/followups?today=2026-12-08&format=csv' });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toMatch(/Prioriterad fråga/);
    expect((await call('dialog', { path: '/api/followups?from=2026-1-1' })).status).toBe(400);
    expect((await call('dialog', { path: '/api/followups?region=Atlantis' })).status).toBe(400);
    expect((await call('dialog', { path: '/api/followups?from=2026-07-01&to=2026-01-01' })).status).toBe(400);
  });
});

describe('review', () => {
  it('lists first the suggestions whose review narrows the published intervals most', async () => {
    const q = await jsonOf<{ total: number; items: { score: number; passageId: string; labelId: string; huvudmanId: string }[] }>(await call('dialog', { path: '/api/review/queue?limit=200' }));
    expect(q.total).toBeGreaterThan(0);
    // Confirming a suggestion settles its dialogue: measure how much the interval of the label's
    // share for the huvudman's type narrows, for the first suggestion and for the last one listed.
    const typOf = async (hm: string) => ((await jsonOf<{ typ: string }>(await call('analys', { path: `/api/huvudman/${hm}` }))).typ === 'enskild' ? 'enskild' : 'offentlig');
    const width = async (label: string, group: string) => {
      const kind = loadCodebook().byId.get(label)!.kind === 'factor' ? 'factors' : 'themes';
      const rows = (await jsonOf<{ rows: { group: string; label: string; low: number; high: number }[] }>(await call('analys', { path: `/api/reports/${kind}?by=typ` }))).rows;
      const r = rows.find((x) => x.group === group && x.label === label)!;
      return r.high - r.low;
    };
    const narrowing = async (item: (typeof q.items)[number]) => {
      const group = await typOf(item.huvudmanId);
      const before = await width(item.labelId, group);
      const review = (action: string) => call('dialog', { method: 'POST', path: '/api/review', body: { targetKind: 'passage', targetId: item.passageId, labelId: item.labelId, action } });
      expect((await review('confirm')).status).toBe(200);
      const after = await width(item.labelId, group);
      expect((await review('undo')).status).toBe(200);
      return before - after;
    };
    const first = await narrowing(q.items[0]!);
    const last = await narrowing(q.items.at(-1)!);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(last);
    const only = await jsonOf<{ items: { labelId: string }[] }>(await call('dialog', { path: '/api/review/queue?label=narvaro&limit=5' }));
    expect(only.items.every((i) => i.labelId === 'narvaro')).toBe(true);
    expect((await call('dialog', { path: '/api/review/queue?limit=0' })).status).toBe(400);
    expect((await call('dialog', { path: '/api/review/queue?label=ingen' })).status).toBe(400);
  });

  it('confirms, rejects and undoes; the queue and the labels follow; each is logged', async () => {
    const q = await jsonOf<{ items: { passageId: string; labelId: string }[] }>(await call('analys', { path: '/api/review/queue?limit=1' }));
    const item = q.items[0]!;
    const confirm = await call('analys', { path: '/api/review', body: { targetId: item.passageId, labelId: item.labelId, action: 'confirm' } });
    expect(confirm.status).toBe(200);
    const labels = (await jsonOf<{ labels: { labelId: string; basis: string; positive: boolean; on: string }[] }>(confirm)).labels;
    expect(labels.find((l) => l.labelId === item.labelId)).toMatchObject({ basis: 'reviewed', positive: true, on: 'passage' });
    const after = await jsonOf<{ items: { passageId: string; labelId: string }[] }>(await call('analys', { path: '/api/review/queue?limit=200' }));
    expect(after.items.some((i) => i.passageId === item.passageId && i.labelId === item.labelId)).toBe(false);
    const reject = await jsonOf<{ labels: { labelId: string; positive: boolean }[] }>(await call('analys', { path: '/api/review', body: { targetId: item.passageId, labelId: item.labelId, action: 'reject' } }));
    expect(reject.labels.find((l) => l.labelId === item.labelId)!.positive).toBe(false);
    // A rejected label no longer matches a filter on it.
    const undo = await call('analys', { path: '/api/review', body: { targetId: item.passageId, labelId: item.labelId, action: 'undo' } });
    expect(undo.status).toBe(200);
    const added = await jsonOf<{ labels: { labelId: string; basis: string }[] }>(await call('dialog', { path: '/api/review', body: { targetKind: 'note', targetId: noteId, labelId: 'vardnadshavare', action: 'add' } }));
    expect(added.labels.find((l) => l.labelId === 'vardnadshavare')).toMatchObject({ basis: 'reviewed' });
    const log = await jsonOf<{ entries: { actor: string; detail: { action: string } }[] }>(await call('admin', { path: '/api/audit?action=review' }));
    expect(log.entries.map((e) => e.detail.action)).toEqual(expect.arrayContaining(['confirm', 'reject', 'undo', 'add']));
  });

  it('validates review requests; 404 for unknown targets', async () => {
    const bad = await call('analys', { path: '/api/review', body: { targetId: passageId, labelId: 'ingen', action: 'gilla' } });
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ detaljer: { falt: string }[] }>(bad)).detaljer.map((d) => d.falt).sort()).toEqual(['action', 'labelId']);
    expect((await call('analys', { path: '/api/review', body: { targetId: 'finns-inte:p0', labelId: 'narvaro', action: 'confirm' } })).status).toBe(404);
  });

  it('trains the classifier on the reviewed labels as a job, and stores a new model', async () => {
    const before = s.service.db.$client.prepare(`SELECT count(*) FROM classifier_model`).pluck().get() as number;
    const res = await call('admin', { method: 'POST', path: '/api/model/train' });
    expect(res.status).toBe(202);
    const job = await waitForJob(s.base, s.tokens.admin, (await jsonOf<{ id: string }>(res)).id);
    expect(job.status).toBe('klar');
    const result = job.result as { modelId: number | null; reviewedLabels: number };
    expect(result.modelId).toBeTypeOf('number');
    expect(result.reviewedLabels).toBeGreaterThan(100); // the fixtures' imported labels count as reviewed
    expect(s.service.db.$client.prepare(`SELECT count(*) FROM classifier_model`).pluck().get()).toBe(before + 1);
  });
});

describe('upload (ingest)', () => {
  it('ingests an uploaded bundle as a job with progress; the note becomes searchable', async () => {
    const bundle = makeBundle({
      huvudman: { id: 'hm-upload-1' },
      note: { id: 'hm-upload-1-n1', text: 'Förskolan beskrev Snöklockemodellen för inskolning.\n\nStyrelsen följer upp arbetet varje termin.' },
    });
    const res = await call('admin', { path: '/api/ingest', form: uploadForm('uppladdad.json', bundle) });
    expect(res.status).toBe(202);
    const job = await waitForJob(s.base, s.tokens.admin, (await jsonOf<{ id: string }>(res)).id);
    expect(job.status).toBe('klar');
    expect(job.result).toMatchObject({ imported: 1, notes: { godkand: 1 }, errors: [] });
    const { hits } = await jsonOf<{ hits: { noteId: string }[] }>(await call('analys', { path: '/api/search', body: { query: 'Snöklockemodellen', mode: 'lexical' } }));
    expect(hits[0]?.noteId).toBe('hm-upload-1-n1');
    const log = await jsonOf<{ entries: { actor: string; action: string }[] }>(await call('admin', { path: '/api/audit?action=ingest' }));
    expect(log.entries[0]!.actor).toBe('test-admin');
  });

  it('reports a rejected file by name and refuses wrong types and empty uploads', async () => {
    const res = await call('admin', { path: '/api/ingest', form: uploadForm('trasig.json', '{"huvudman": {}}') });
    const job = await waitForJob(s.base, s.tokens.admin, (await jsonOf<{ id: string }>(res)).id);
    expect(job.status).toBe('klar');
    const result = job.result as { errors: { file: string; message: string }[] };
    expect(result.errors[0]!.file).toBe('trasig.json');
    expect(result.errors[0]!.message).not.toMatch(/dk-upload-/);
    const exe = new FormData();
    exe.append('filer', new Blob(['MZ']), 'program.exe');
    const wrong = await call('admin', { path: '/api/ingest', form: exe });
    expect(wrong.status).toBe(415);
    expect((await jsonOf<{ detaljer: { filer: string[] } }>(wrong)).detaljer.filer).toEqual(['program.exe']);
    const none = await call('admin', { path: '/api/ingest', form: new FormData() });
    expect(none.status).toBe(400);
  });

  it('shows a job only to who started it (and admins)', async () => {
    const res = await call('analys', { method: 'POST', path: '/api/model/reclassify' });
    const { id } = await jsonOf<{ id: string }>(res);
    expect((await call('analys', { path: `/api/jobs/${id}` })).status).toBe(200);
    expect((await call('admin', { path: `/api/jobs/${id}` })).status).toBe(200);
    expect((await call('dialog', { path: `/api/jobs/${id}` })).status).toBe(404);
    await waitForJob(s.base, s.tokens.analys, id);
  });
});

describe('users and the audit log (admin)', () => {
  it('creates, changes and disables users; validates', async () => {
    const created = await call('admin', { path: '/api/users', body: { username: 'ny.analytiker', displayName: 'Ny Analytiker', role: 'analys', password: 'ett-mycket-langt-losenord' } });
    expect(created.status).toBe(201);
    expect(await jsonOf(created)).toMatchObject({ username: 'ny.analytiker', role: 'analys' });
    expect((await call('admin', { path: '/api/users', body: { username: 'ny.analytiker', displayName: 'X', role: 'analys', password: 'ett-mycket-langt-losenord' } })).status).toBe(409);
    const bad = await call('admin', { path: '/api/users', body: { username: 'Å!', displayName: '', role: 'chef', password: 'kort' } });
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ detaljer: { falt: string }[] }>(bad)).detaljer.map((d) => d.falt).sort()).toEqual(['displayName', 'password', 'role', 'username']);
    const token = await login(s.base, 'ny.analytiker', 'ett-mycket-langt-losenord');
    const changed = await call('admin', { method: 'PATCH', path: '/api/users/ny.analytiker', body: { role: 'stod' } });
    expect(changed.status).toBe(200);
    expect((await call(null, { path: '/api/auth/me' }, token)).status).toBe(401); // role change ends sessions
    expect((await call('admin', { method: 'PATCH', path: '/api/users/ny.analytiker', body: { disabled: true } })).status).toBe(200);
    expect((await call(null, { path: '/api/auth/login', body: { username: 'ny.analytiker', password: 'ett-mycket-langt-losenord' } })).status).toBe(401);
    expect((await call('admin', { method: 'PATCH', path: '/api/users/ny.analytiker', body: {} })).status).toBe(400);
    expect((await call('admin', { method: 'PATCH', path: '/api/users/finns.inte', body: { disabled: true } })).status).toBe(404);
    expect((await call('admin', { method: 'PATCH', path: '/api/users/test-admin', body: { disabled: true } })).status).toBe(400);
    const list = await jsonOf<{ users: { username: string; disabled: boolean }[] }>(await call('admin', { path: '/api/users' }));
    expect(list.users.find((u) => u.username === 'ny.analytiker')!.disabled).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/scrypt/);
  });

  it('reads the audit log with filters; validates', async () => {
    const res = await call('admin', { path: `/api/audit?actor=test-analys&franDatum=2000-01-01&tillDatum=2999-12-31&limit=3` });
    expect(res.status).toBe(200);
    const { entries } = await jsonOf<{ entries: { actor: string; at: string }[] }>(res);
    expect(entries.length).toBe(3);
    expect(entries.every((e) => e.actor === 'test-analys')).toBe(true);
    expect((await call('admin', { path: '/api/audit?limit=0' })).status).toBe(400);
    expect((await call('admin', { path: '/api/audit?franDatum=igår' })).status).toBe(400);
  });
});

describe('documentation', () => {
  it('docs/roles.md is generated from the matrix and is up to date (npm run -s docs:roles)', () => {
    expect(readFileSync(resolve('docs/roles.md'), 'utf8')).toBe(rolesDoc());
    const readme = readFileSync(resolve('README.md'), 'utf8');
    expect(readme).toBe(readmeWithMatrix(readme));
  });

  it('serves the OpenAPI document with every route, and the Swagger UI page', async () => {
    const doc = (await (await fetch(`${s.base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of s.app.routes) expect(doc.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    const ui = await fetch(`${s.base}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger|openapi\.json/i);
    expect((await fetch(`${s.base}/api/health`)).status).toBe(200);
    expect((await fetch(`${s.base}/api/finns-inte`)).status).toBe(404);
  });
});

describe('the API contract, checked by tools nobody here wrote', () => {
  // Generated files need node_modules in reach (openapi-fetch, typescript): a folder under its cache.
  const dir = resolve('node_modules/.cache/dk-openapi-contract');
  const bin = (pkg: string, file: string) => join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), file);
  let doc: { components: { schemas: Record<string, { required?: string[] }> } };

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    doc = (await (await fetch(`${s.base}/openapi.json`)).json()) as typeof doc;
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  });

  it('the served document passes redocly lint (recommended rules) with no errors and no warnings', () => {
    const r = spawnSync(process.execPath, [bin('@redocly/cli', 'bin/cli.js'), 'lint', '--extends=recommended', '--format=json', join(dir, 'openapi.json')], { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(out.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(out.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(r.status).toBe(0);
  });

  it('openapi-typescript types from it compile against one search and one report call, which then run on the server', async () => {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    // defaultNonNullable off: a field with a default may be left out of a request (the document says so).
    writeFileSync(join(dir, 'api.d.ts'), astToString(await openapiTS(JSON.stringify(doc), { defaultNonNullable: false })));
    const client = (body: string) =>
      [
        `import createClient from 'openapi-fetch';`,
        `import type { paths } from './api.js';`,
        `const client = createClient<paths>({ baseUrl: process.env.DK_BASE, headers: { authorization: 'Bearer ' + process.env.DK_TOKEN } });`,
        body,
      ].join('\n');
    writeFileSync(
      join(dir, 'client.ts'),
      client(
        [
          `const search = await client.POST('/api/search', { body: { query: 'rektorns mandat och ansvar', limit: 5, filters: { typ: 'offentlig' } } });`,
          `const report = await client.GET('/api/reports/{report}', { params: { path: { report: 'factors' }, query: { by: 'typ' } } });`,
          `if (!search.data || !report.data) throw new Error('no data: ' + search.response.status + ' ' + report.response.status);`,
          `if (report.data.report !== 'factors' && report.data.report !== 'themes') throw new Error('not a prevalence report');`,
          `const hits = search.data.hits.map((h) => ({ ...h, firstLabel: h.labels[0]?.labelId ?? null }));`,
          `const rows = report.data.rows.map((r) => ({ ...r, percent: Math.round(r.share * 100) }));`,
          `console.log(JSON.stringify({ hits, rows, totals: report.data.totals.dialogues }));`,
        ].join('\n'),
      ),
    );
    // Fields and parameters the document does not have must not compile: the types are not `any`.
    writeFileSync(
      join(dir, 'wrong.ts'),
      client(
        [
          `const search = await client.POST('/api/search', { body: { query: 'x', limit: 'fem' } });`,
          `console.log(search.data?.hits[0]?.passageIdd);`,
          `await client.GET('/api/reports/{report}', { params: { path: { report: 'faktorer' } } });`,
        ].join('\n'),
      ),
    );
    const tsc = spawnSync(process.execPath, [bin('typescript', 'bin/tsc'), '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'client.ts', 'wrong.ts'], { cwd: dir, encoding: 'utf8' });
    const errors = tsc.stdout.split('\n').filter((l) => /error TS/.test(l));
    expect(errors.filter((l) => l.startsWith('client.ts')), tsc.stdout).toEqual([]);
    expect(errors.filter((l) => l.startsWith('wrong.ts')).length).toBe(3);

    // Asynchronously: the server runs in this process and must answer while the client waits.
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(dir, 'client.ts')], { encoding: 'utf8', env: { ...process.env, DK_BASE: s.base, DK_TOKEN: s.tokens.analys } });
    const out = JSON.parse(run.stdout) as { hits: Record<string, unknown>[]; rows: Record<string, unknown>[]; totals: number };
    expect(out.hits.length).toBeGreaterThan(0);
    expect(out.rows.length).toBe(14);
    expect(out.totals).toBeGreaterThan(0);
    // What the types promised is what came: every required field of each object, at run time.
    const required = (schema: string) => doc.components.schemas[schema]!.required!;
    for (const h of out.hits) expect(Object.keys(h)).toEqual(expect.arrayContaining(required('Traff')));
    for (const r of out.rows) expect(Object.keys(r)).toEqual(expect.arrayContaining(required('Andelsrad')));
    expect(out.hits.every((h) => h.huvudmanId && typeof h.score === 'number')).toBe(true);
  });
});

describe('report caching', () => {
  it('a review shows in the next report at once (the cached dataset is dropped)', async () => {
    type Rows = { rows: { label: string; dialogues: number; n: number }[] };
    const count = async () =>
      (await jsonOf<Rows>(await call('analys', { path: '/api/reports/themes' }))).rows.find((r) => r.label === 'sprakutveckling')!;
    const before = await count();
    expect(before.dialogues).toBeLessThan(before.n);
    const notes = s.service.db.$client.prepare(`SELECT id FROM note WHERE status = 'godkand' ORDER BY id`).pluck().all() as string[];
    const reviewed: string[] = [];
    let after = before;
    for (const id of notes) {
      const res = await call('dialog', { path: '/api/review', body: { targetKind: 'note', targetId: id, labelId: 'sprakutveckling', action: 'add' } });
      expect(res.status).toBe(200);
      reviewed.push(id);
      after = await count();
      if (after.dialogues !== before.dialogues) break;
    }
    expect(after.dialogues).toBe(before.dialogues + 1);
    for (const id of reviewed) await call('dialog', { path: '/api/review', body: { targetKind: 'note', targetId: id, labelId: 'sprakutveckling', action: 'undo' } });
    expect((await count()).dialogues).toBe(before.dialogues);
  }, 120_000);
});

// A real server on loopback over a temp database with the fixture corpus, users with known
// passwords per role, and a small fetch helper. Shared by test/api-*.test.ts and test/web-*.test.ts.
import { join, resolve } from 'node:path';
import { createApp, type App, type AppOptions } from '../src/api/app.js';
import { listen } from '../src/api/listen.js';
import { createUser } from '../src/auth/users.js';
import { ROLES, type Role } from '../src/auth/roles.js';
import { Service } from '../src/service.js';
import { tempDir } from './helpers.js';

export const PASSWORD = 'testlösenord-123';

export interface TestServer {
  service: Service;
  app: App;
  base: string;
  /** Bearer token per role (user "test-<role>"). */
  tokens: Record<Role, string>;
  close: () => Promise<void>;
}

export async function startServer(opts: AppOptions = {}, prefix = 'dk-api-'): Promise<TestServer> {
  const t = tempDir(prefix);
  // Automatic retraining is off here (it is tested on its own); training runs when asked.
  const service = await Service.open({ db: join(t.dir, 'api.db'), memoryIndex: true, retrainAfter: 0 });
  const rep = await service.ingest([resolve('corpus/fixtures')], { actor: 'test' });
  if (rep.errors.length) throw new Error(`fixture ingest failed: ${JSON.stringify(rep.errors)}`);
  const app = createApp(service, { rateLimit: false, ...opts });
  for (const role of ROLES) await createUser(service.db, { username: `test-${role}`, displayName: `Test ${role}`, role, password: PASSWORD });
  const { base, close } = await listen(app.fetch);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = await login(base, `test-${role}`, PASSWORD);
  return {
    service,
    app,
    base,
    tokens,
    close: async () => {
      await app.jobs.idle();
      app.close();
      await close();
      service.close();
      t.cleanup();
    },
  };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Polls a job until it is done (or failed). */
export async function waitForJob(base: string, token: string, id: string, timeoutMs = 120_000): Promise<{ status: string; result: unknown; error: string | null }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${base}/api/jobs/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const job = (await res.json()) as { status: string; result: unknown; error: string | null };
    if (job.status === 'klar' || job.status === 'fel') return job;
    if (Date.now() > until) throw new Error(`job ${id} did not finish`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

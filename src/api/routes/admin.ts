// Upload of note files (ingest), jobs, users and the audit log.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from '@hono/zod-openapi';
import { createUser, listUsers, MIN_PASSWORD, setDisabled, setPassword, USERNAME_RE, UserExistsError, findUser, endSessionsOf } from '../../auth/users.js';
import { ROLES } from '../../auth/roles.js';
import { appUser } from '../../store/schema.js';
import { eq } from 'drizzle-orm';
import { audit, readAudit } from '../audit.js';
import { ApiError } from '../errors.js';
import { may } from '../permissions.js';
import { json, jobSchema, userSchema } from '../schemas.js';
import type { RouteDeps } from './context.js';
import type { Job } from '../jobs.js';

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const MAX_FILES = 500;
const ALLOWED = /\.(json|md|docx)$/i;

/** A file name that is safe inside the upload folder (no folders, no odd characters). */
export function safeFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '');
  return clean && clean.length <= 200 && ALLOWED.test(clean) ? clean : null;
}

/** Writes the uploaded files into a fresh temp folder and starts an ingest job over it. */
export async function startUpload(deps: RouteDeps, username: string, files: File[]): Promise<Job> {
  if (!files.length) throw new ApiError(400, 'inga filer i begäran', { falt: 'filer' });
  if (files.length > MAX_FILES) throw new ApiError(400, `för många filer (högst ${MAX_FILES} per uppladdning)`);
  const names = new Set<string>();
  const bad: string[] = [];
  for (const f of files) {
    const n = safeFileName(f.name);
    if (!n) bad.push(f.name.slice(0, 100));
    else if (names.has(n)) bad.push(`${n} (förekommer två gånger)`);
    else names.add(n);
  }
  if (bad.length) throw new ApiError(415, 'filtypen stöds inte: ladda upp .json, .md eller .docx (med .meta.json bredvid .docx)', { filer: bad });
  const dir = await mkdtemp(join(tmpdir(), 'dk-upload-'));
  try {
    for (const f of files) await writeFile(join(dir, safeFileName(f.name)!), new Uint8Array(await f.arrayBuffer()));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return deps.jobs.start('ingest', username, async (progress) => {
    try {
      const report = await deps.ingest.run([dir], username, (done, total, file) => progress(done, total, file.split(/[\\/]/).pop()));
      // Written by another process: this one's catalog and vector index catch up now.
      deps.service.catalog.invalidate();
      deps.service.vectors.sync();
      // File paths in the report are the temp folder's; only the names mean anything to the user.
      return { ...report, errors: report.errors.map((e) => ({ file: e.file.split(/[\\/]/).pop() ?? e.file, message: e.message.split(dir + '/').join('') })) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

const fileField = z
  .union([z.instanceof(File), z.array(z.instanceof(File))], { error: 'förväntade en eller flera filer i fältet "filer"' })
  .meta({ type: 'array', items: { type: 'string', format: 'binary' } } as never);

export const createUserSchema = z
  .strictObject({
    username: z.string().regex(USERNAME_RE, { error: 'användarnamnet får innehålla a–z, 0–9, punkt, bindestreck och understreck (2–40 tecken)' }),
    displayName: z.string().trim().min(1, { error: 'namn saknas' }).max(100),
    role: z.enum(ROLES, { error: `rollen ska vara en av ${ROLES.join(', ')}` }),
    password: z.string().min(MIN_PASSWORD, { error: `lösenordet ska ha minst ${MIN_PASSWORD} tecken` }).max(200),
  })
  .meta({ id: 'NyAnvandare' });

export const updateUserSchema = z
  .strictObject({
    disabled: z.boolean().optional(),
    role: z.enum(ROLES, { error: `rollen ska vara en av ${ROLES.join(', ')}` }).optional(),
    password: z.string().min(MIN_PASSWORD, { error: `lösenordet ska ha minst ${MIN_PASSWORD} tecken` }).max(200).optional(),
  })
  .refine((u) => u.disabled !== undefined || u.role !== undefined || u.password !== undefined, { error: 'inget att ändra' })
  .meta({ id: 'AndraAnvandare' });

export function registerAdmin(deps: RouteDeps): void {
  const { app, route, service, jobs } = deps;

  app.openapi(
    route('ingest', {
      method: 'post',
      operationId: 'ingestFiles',
      path: '/api/ingest',
      tags: ['Inläsning'],
      summary: 'Ladda upp anteckningar (.json, .md, .docx med .meta.json) och läs in dem (jobb)',
      description: `Högst ${MAX_UPLOAD_BYTES / 1024 / 1024} MB per begäran. Bara godkända anteckningar indexeras; utkast och återkallade sparas som statusposter utan text.`,
      request: { body: { content: { 'multipart/form-data': { schema: z.object({ filer: fileField }) } }, required: true } },
      responses: { 202: json(jobSchema, 'Inläsningen är startad; följ den på /api/jobs/{id}'), 413: json(z.object({ error: z.string() }), 'För stor'), 415: json(z.object({ error: z.string() }), 'Fel filtyp') },
    }),
    async (c) => {
      const { filer } = c.req.valid('form');
      const job = await startUpload(deps, c.get('user')!.username, Array.isArray(filer) ? filer : [filer]);
      audit(service.db, c.get('user')!.username, 'ingest-upload', { files: Array.isArray(filer) ? filer.length : 1, job: job.id }, null);
      return c.json(job, 202);
    },
  );

  app.openapi(
    route(null, {
      method: 'get',
      operationId: 'getJob',
      path: '/api/jobs/{id}',
      tags: ['Inläsning'],
      summary: 'Hur går det för ett jobb (inläsning, omklassificering)?',
      description: 'Den som startade jobbet och administratörer kan se det.',
      request: { params: z.object({ id: z.string().max(100) }) },
      responses: { 200: json(jobSchema, 'Jobbet'), 404: json(z.object({ error: z.string() }), 'Finns inte') },
    }),
    (c) => {
      const user = c.get('user')!;
      const job = jobs.get(c.req.valid('param').id);
      if (!job || (job.owner !== user.username && !may(user.role, 'users:manage'))) throw new ApiError(404, 'jobbet finns inte');
      return c.json(job, 200);
    },
  );

  app.openapi(
    route('users:manage', {
      method: 'get',
      operationId: 'listUsers',
      path: '/api/users',
      tags: ['Administration'],
      summary: 'Användare',
      responses: { 200: json(z.object({ users: z.array(userSchema.extend({ disabled: z.boolean(), createdAt: z.string() })) }), 'Användarna') },
    }),
    (c) => c.json({ users: listUsers(service.db) }, 200),
  );

  app.openapi(
    route('users:manage', {
      method: 'post',
      operationId: 'createUser',
      path: '/api/users',
      tags: ['Administration'],
      summary: 'Skapa en användare',
      request: { body: { content: { 'application/json': { schema: createUserSchema } }, required: true } },
      responses: { 201: json(userSchema, 'Skapad'), 409: json(z.object({ error: z.string() }), 'Användarnamnet finns redan') },
    }),
    async (c) => {
      const req = c.req.valid('json');
      try {
        const u = await createUser(service.db, req);
        audit(service.db, c.get('user')!.username, 'user-create', { username: u.username, role: u.role }, 1);
        return c.json(u, 201);
      } catch (e) {
        if (e instanceof UserExistsError) throw new ApiError(409, e.message);
        throw e;
      }
    },
  );

  app.openapi(
    route('users:manage', {
      method: 'patch',
      operationId: 'updateUser',
      path: '/api/users/{username}',
      tags: ['Administration'],
      summary: 'Ändra roll, lösenord, eller stäng av en användare',
      request: { params: z.object({ username: z.string().max(40) }), body: { content: { 'application/json': { schema: updateUserSchema } }, required: true } },
      responses: { 200: json(userSchema.extend({ disabled: z.boolean(), createdAt: z.string() }), 'Ändrad'), 404: json(z.object({ error: z.string() }), 'Finns inte') },
    }),
    async (c) => {
      const { username } = c.req.valid('param');
      const req = c.req.valid('json');
      const u = findUser(service.db, username);
      if (!u) throw new ApiError(404, `användaren "${username}" finns inte`);
      if (username === c.get('user')!.username && (req.disabled || (req.role && req.role !== 'admin')))
        throw new ApiError(400, 'du kan inte stänga av dig själv eller ta bort din egen administratörsroll');
      if (req.password) await setPassword(service.db, username, req.password);
      if (req.role) {
        service.db.update(appUser).set({ role: req.role }).where(eq(appUser.username, username)).run();
        endSessionsOf(service.db, u.id);
      }
      if (req.disabled !== undefined) setDisabled(service.db, username, req.disabled);
      audit(service.db, c.get('user')!.username, 'user-update', { username, role: req.role, disabled: req.disabled, password: req.password ? 'ändrat' : undefined }, 1);
      return c.json(listUsers(service.db).find((x) => x.username === username)!, 200);
    },
  );

  app.openapi(
    route('audit:read', {
      method: 'get',
      operationId: 'listAudit',
      path: '/api/audit',
      tags: ['Administration'],
      summary: 'Granskningsloggen: vem sökte, exporterade, granskade … när, vad, hur många träffar',
      request: {
        query: z.object({
          actor: z.string().max(40).optional(),
          action: z.string().max(40).optional(),
          franDatum: z.iso.date({ error: 'förväntade ett datum ÅÅÅÅ-MM-DD' }).optional(),
          tillDatum: z.iso.date({ error: 'förväntade ett datum ÅÅÅÅ-MM-DD' }).optional(),
          limit: z.string().regex(/^\d+$/, { error: 'förväntade ett heltal' }).transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
          before: z.string().regex(/^\d+$/, { error: 'förväntade ett heltal' }).transform(Number).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({
            entries: z.array(z.object({ id: z.number(), at: z.string(), actor: z.string(), action: z.string(), detail: z.record(z.string(), z.unknown()).nullable(), resultCount: z.number().nullable() })),
          }),
          'Poster, nyaste först',
        ),
      },
    }),
    (c) => {
      const q = c.req.valid('query');
      const entries = readAudit(service.db, {
        actor: q.actor,
        action: q.action,
        from: q.franDatum,
        to: q.tillDatum ? `${q.tillDatum}T23:59:59.999Z` : undefined,
        limit: q.limit ?? 100,
        before: q.before,
      });
      audit(service.db, c.get('user')!.username, 'audit-read', { actor: q.actor, action: q.action }, entries.length);
      return c.json({ entries }, 200);
    },
  );
}

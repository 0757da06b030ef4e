// Upload of note files with progress, job status, the audit log and users (admin).
import { audit, readAudit } from '../api/audit.js';
import { ApiError, readFormBody } from '../api/errors.js';
import { may } from '../api/permissions.js';
import { startUpload } from '../api/routes/admin.js';
import { createUserSchema } from '../api/routes/admin.js';
import type { RouteDeps } from '../api/routes/context.js';
import { createUser, listUsers, UserExistsError } from '../auth/users.js';
import { ROLES } from '../auth/roles.js';
import { issueDetails, type IssueDetail } from '../api/errors.js';
import { guard, selectField, textField } from './common.js';
import { h, qs, raw } from './html.js';
import { page } from './layout.js';
import { ROLL_NAMN } from './names.js';
import type { Job } from '../api/jobs.js';

const STATUS: Record<string, string> = { vantar: 'Väntar', pagar: 'Pågår', klar: 'Klart', fel: 'Misslyckades' };

export function jobView(job: Job) {
  const r = job.result as { imported?: number; notes?: { godkand: number; utkast: number; aterkallad: number }; passages?: number; errors?: { file: string; message: string }[]; predicted?: number } | null;
  return h`<div id="jobb" data-job="${job.id}">
<p id="jobb-status" role="status">${STATUS[job.status]}${job.total ? `: ${job.done} av ${job.total}` : ''}${job.current ? ` (${job.current})` : ''}</p>
<progress id="jobb-progress" max="${job.total || 1}" value="${job.status === 'klar' ? job.total || 1 : job.done}" aria-labelledby="jobb-status">${job.done}</progress>
<div id="jobb-resultat">
${job.status === 'fel' ? h`<div class="flash flash-fel" role="alert">${job.error ?? 'okänt fel'}</div>` : ''}
${
  r && job.kind === 'ingest' && r.notes
    ? h`<ul><li>Inlästa filer: ${r.imported}</li><li>Anteckningar: ${r.notes.godkand} godkända, ${r.notes.utkast} utkast, ${r.notes.aterkallad} återkallade</li><li>Textavsnitt: ${r.passages}</li></ul>
${r.errors?.length ? h`<h2>Avvisade filer</h2><ul>${r.errors.map((e) => h`<li><strong>${e.file}</strong>: ${e.message}</li>`)}</ul>` : ''}`
    : ''
}
${r && job.kind === 'reclassify' ? h`<p>Klart: ${(r as { passages: number }).passages} textavsnitt klassificerade.</p><p><a href="/granska">Till granskningen</a></p>` : ''}
</div></div>`;
}

export function registerAdminPages(deps: RouteDeps): void {
  const { app, service, jobs } = deps;

  const uploadPage = (user: Parameters<typeof page>[0]['user'], error?: string) =>
    page({
      title: 'Ladda upp anteckningar',
      user,
      active: '/ladda-upp',
      scripts: ['upload.js'],
      body: h`<h1>Ladda upp anteckningar</h1>
<p class="lead">Läs in mötesanteckningar och dialogutförarnas dokumentation: JSON-paket, Markdown med front matter, eller Word (.docx) med en .meta.json-fil bredvid.</p>
<p>Bara anteckningar som huvudmannen har godkänt blir sökbara. Utkast och återkallade anteckningar sparas utan text. Personnummer, e-post, telefonnummer och deltagarnas namn tas bort innan något sparas.</p>
${error ? h`<div class="error-summary" role="alert"><h2>Uppladdningen misslyckades</h2><p>${error}</p></div>` : ''}
<form method="post" action="/ladda-upp" enctype="multipart/form-data" id="upload-form">
<div class="field"><label for="f-filer">Filer</label><span class="hint" id="f-filer-hint">Välj en eller flera filer, högst 25 MB sammanlagt.</span>
<input type="file" id="f-filer" name="filer" multiple accept=".json,.md,.docx" aria-describedby="f-filer-hint" required></div>
<button type="submit">Ladda upp och läs in</button>
</form>
<section id="upload-progress" hidden aria-labelledby="upload-progress-h">
<h2 id="upload-progress-h">Förlopp</h2>
<p id="upload-status" role="status" aria-live="polite"></p>
<label for="upload-bar">Uppladdning</label>
<progress id="upload-bar" max="100" value="0">0 %</progress>
<label for="ingest-bar">Inläsning</label>
<progress id="ingest-bar" max="1" value="0"></progress>
<div id="upload-result"></div>
</section>`,
    });

  app.get('/ladda-upp', (c) => {
    const user = guard(c, 'ingest');
    if (user instanceof Response) return user;
    return c.html(uploadPage(user));
  });

  // Without JavaScript the form posts here and lands on the job's page.
  app.post('/ladda-upp', async (c) => {
    const user = guard(c, 'ingest');
    if (user instanceof Response) return user;
    const form = await readFormBody(c, { all: true });
    const files = ([] as unknown[]).concat(form.filer ?? []).filter((f): f is File => f instanceof File && f.size > 0);
    try {
      const job = await startUpload(deps, user.username, files);
      audit(service.db, user.username, 'ingest-upload', { files: files.length, job: job.id, via: 'webb' }, null);
      return c.redirect(`/jobb/${job.id}`, 303);
    } catch (e) {
      if (e instanceof ApiError) return c.html(uploadPage(user, e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.'), e.status as 400);
      throw e;
    }
  });

  app.get('/jobb/:id', (c) => {
    const user = guard(c, null);
    if (user instanceof Response) return user;
    const job = jobs.get(c.req.param('id'));
    if (!job || (job.owner !== user.username && !may(user.role, 'users:manage'))) throw new ApiError(404, 'jobbet finns inte');
    return c.html(
      page({
        title: job.kind === 'ingest' ? 'Inläsning' : 'Klassificering',
        user,
        scripts: ['upload.js'],
        body: h`<h1>${job.kind === 'ingest' ? 'Inläsning av anteckningar' : 'Klassificering av textavsnitt'}</h1>${jobView(job)}
<p><a href="/jobb/${job.id}">Uppdatera</a></p>`,
      }),
    );
  });

  app.get('/admin/logg', (c) => {
    const user = guard(c, 'audit:read');
    if (user instanceof Response) return user;
    const actor = (c.req.query('vem') ?? '').slice(0, 40) || undefined;
    const action = (c.req.query('vad') ?? '').slice(0, 40) || undefined;
    const before = Number(c.req.query('fore')) || undefined;
    const entries = readAudit(service.db, { actor, action, limit: 100, before });
    audit(service.db, user.username, 'audit-read', { actor, action, via: 'webb' }, entries.length);
    const last = entries.at(-1);
    return c.html(
      page({
        title: 'Granskningslogg',
        user,
        active: '/admin/logg',
        body: h`<h1>Granskningslogg</h1>
<p class="lead">Varje sökning, export, underlag och granskning loggas: vem, när, vad som efterfrågades och hur många träffar det gav. Anteckningarnas text loggas aldrig.</p>
<form method="get" action="/admin/logg" aria-label="Filtrera loggen"><div class="grid">
${textField('vem', 'Användare', actor)}
${textField('vad', 'Händelse', action, { hint: 't.ex. search, export, brief, review' })}
</div><div class="actions"><button type="submit">Filtrera</button></div></form>
<div class="table-scroll" tabindex="0" role="region" aria-label="Tabell (kan rullas i sidled)"><table><caption class="visually-hidden">Loggposter, nyaste först</caption>
<thead><tr><th scope="col">Tid (UTC)</th><th scope="col">Användare</th><th scope="col">Händelse</th><th scope="col">Vad</th><th scope="col" class="num">Resultat</th></tr></thead>
<tbody>${entries.map(
          (e) => h`<tr><td>${e.at.replace('T', ' ').slice(0, 19)}</td><td>${e.actor}</td><td>${e.action}</td><td><code>${e.detail ? JSON.stringify(e.detail) : ''}</code></td><td class="num">${e.resultCount ?? '–'}</td></tr>`,
        )}</tbody></table></div>
${entries.length === 100 && last ? h`<p><a href="/admin/logg${qs({ vem: actor, vad: action, fore: last.id })}">Äldre poster</a></p>` : ''}`,
      }),
    );
  });

  const usersPage = (user: Parameters<typeof page>[0]['user'], o: { errors?: IssueDetail[]; values?: Record<string, string>; flash?: string } = {}) =>
    page({
      title: 'Användare',
      user,
      active: '/admin/anvandare',
      flash: o.flash ? { kind: 'ok', text: o.flash } : null,
      body: h`<h1>Användare</h1>
<table><caption class="visually-hidden">Användare</caption><thead><tr><th scope="col">Användarnamn</th><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Status</th></tr></thead>
<tbody>${listUsers(service.db).map((u) => h`<tr><td>${u.username}</td><td>${u.displayName}</td><td>${ROLL_NAMN[u.role]}</td><td>${u.disabled ? 'Avstängd' : 'Aktiv'}</td></tr>`)}</tbody></table>
<h2>Ny användare</h2>
${o.errors?.length ? h`<div class="error-summary" role="alert" tabindex="-1"><h2>Användaren kunde inte skapas</h2><ul>${o.errors.map((e) => h`<li><a href="#f-${e.falt}">${e.meddelande}</a></li>`)}</ul></div>` : ''}
<form method="post" action="/admin/anvandare">
<div class="grid">
${textField('username', 'Användarnamn', o.values?.username, { autocomplete: 'off' })}
${textField('displayName', 'Namn', o.values?.displayName)}
${selectField('role', 'Roll', ROLES.map((r) => [r, ROLL_NAMN[r]!] as const), o.values?.role)}
${textField('password', 'Lösenord', '', { type: 'password', autocomplete: 'new-password', hint: 'Minst 12 tecken' })}
</div>
<button type="submit">Skapa användare</button>
</form>`,
    });

  app.get('/admin/anvandare', (c) => {
    const user = guard(c, 'users:manage');
    if (user instanceof Response) return user;
    return c.html(usersPage(user));
  });

  app.post('/admin/anvandare', async (c) => {
    const user = guard(c, 'users:manage');
    if (user instanceof Response) return user;
    const form = await readFormBody(c);
    const values = Object.fromEntries(['username', 'displayName', 'role', 'password'].map((k) => [k, typeof form[k] === 'string' ? (form[k] as string) : '']));
    const r = createUserSchema.safeParse(values);
    if (!r.success) return c.html(usersPage(user, { errors: issueDetails(r.error), values: { ...values, password: '' } }), 400);
    try {
      const u = await createUser(service.db, r.data);
      audit(service.db, user.username, 'user-create', { username: u.username, role: u.role, via: 'webb' }, 1);
    } catch (e) {
      if (e instanceof UserExistsError) return c.html(usersPage(user, { errors: [{ falt: 'username', meddelande: e.message }], values: { ...values, password: '' } }), 409);
      throw e;
    }
    return c.html(usersPage(user, { flash: `Användaren ${r.data.username} är skapad.` }));
  });
  void raw;
}

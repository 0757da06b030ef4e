// The Swedish web UI, served by the same process as the API: server-rendered pages that call the
// same core and write the same audit log; a little vanilla JS only for upload progress.
import { registerBetweenPages } from './page-between.js';
import { sameOriginPath } from './redirect-target.js';
import { sameOrigin } from '../api/auth-mw.js';
import { readFileSync } from 'node:fs';
import { ApiError, readFormBody } from '../api/errors.js';
import { may } from '../api/permissions.js';
import { signIn, signOut } from '../api/routes/auth.js';
import type { RouteDeps } from '../api/routes/context.js';
import { ROLE_NAMES } from '../auth/roles.js';
import { guard } from './common.js';
import { h, raw } from './html.js';
import { page } from './layout.js';
import { registerAdminPages } from './page-admin.js';
import { registerAnalyticsPages } from './page-analytics.js';
import { registerHuvudmanPages } from './page-huvudman.js';
import { registerReviewPages } from './page-review.js';
import { registerSearchPages } from './page-search.js';

const STATIC: Record<string, { type: string; body: string }> = Object.fromEntries(
  [
    ['style.css', 'text/css; charset=utf-8'],
    ['upload.js', 'text/javascript; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
  ].map(([name, type]) => [name, { type: type!, body: readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8') }]),
);

/** Only paths on this site are followed after sign-in. */
function safeNext(next: string | undefined): string {
  return sameOriginPath(next) ?? '/';
}

function loginPage(o: { username?: string; next?: string; error?: string }): string {
  return page({
    title: 'Logga in',
    user: null,
    body: h`<h1>Logga in</h1>
<p class="lead">Kunskap från kvalitetsdialogerna med huvudmän – för Skolverkets och SPSM:s medarbetare.</p>
${o.error ? h`<div class="error-summary" role="alert"><h2>Inloggningen misslyckades</h2><p>${o.error.charAt(0).toUpperCase() + o.error.slice(1)}.</p></div>` : ''}
<form method="post" action="/logga-in" class="login" novalidate>
  <input type="hidden" name="nasta" value="${o.next ?? '/'}">
  <div class="field"><label for="f-username">Användarnamn</label>
  <input type="text" id="f-username" name="username" value="${o.username ?? ''}" autocomplete="username" autocapitalize="none" spellcheck="false" required></div>
  <div class="field"><label for="f-password">Lösenord</label>
  <input type="password" id="f-password" name="password" autocomplete="current-password" required></div>
  <button type="submit">Logga in</button>
</form>`,
  });
}

export function registerWeb(deps: RouteDeps): void {
  const { app, core } = deps;

  app.get('/static/:file', (c) => {
    const f = STATIC[c.req.param('file')];
    if (!f) return c.text('finns inte', 404);
    c.header('Content-Type', f.type);
    c.header('Cache-Control', 'no-cache');
    return c.body(f.body);
  });

  app.get('/logga-in', (c) => {
    if (c.get('user')) return c.redirect(safeNext(c.req.query('nasta')), 303);
    return c.html(loginPage({ next: safeNext(c.req.query('nasta')) }));
  });

  app.post('/logga-in', async (c) => {
    // Login CSRF: a cross-site form must not sign a browser into someone else's account.
    if (!sameOrigin(c)) throw new ApiError(403, 'begäran kom inte från tjänstens egna sidor');
    const form = await readFormBody(c);
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(typeof form.nasta === 'string' ? form.nasta : undefined);
    if (!username || !password) return c.html(loginPage({ username, next, error: 'fyll i både användarnamn och lösenord' }), 400);
    try {
      await signIn(deps, c, username.slice(0, 40), password.slice(0, 200));
    } catch (e) {
      if (e instanceof ApiError) return c.html(loginPage({ username, next, error: e.message }), e.status as 401);
      throw e;
    }
    return c.redirect(next, 303);
  });

  app.post('/logga-ut', (c) => {
    signOut(deps, c);
    return c.redirect('/logga-in', 303);
  });

  app.get('/', (c) => {
    const user = guard(c, null);
    if (user instanceof Response) return user;
    const s = may(user.role, 'stats:read') ? core.stats() : null;
    const cards: [string, string, string, Parameters<typeof may>[1]][] = [
      ['/sok', 'Sök i anteckningarna', 'Hitta vad huvudmän har sagt om ett behov, med filter på typ, storlek, skolform, region och omgång.', 'search'],
      ['/oversikt', 'Översikt över behoven', 'Hur ofta framgångsfaktorerna och temana kommer upp, per grupp, med diagram och export.', 'reports:read'],
      ['/huvudman', 'Inför en dialog', 'En huvudmans tidigare dialoger, liknande huvudmän och lärande exempel.', 'huvudman:read'],
      ['/uppfoljning', 'Uppföljande möten', 'Huvudmän vars återkoppling var för ett halvår sedan: prioriterad fråga, behov och vad som hänt sedan.', 'followups'],
      ['/stod', 'Rikta stödinsatser', 'Vilka huvudmän, var, behöver det ett stöd erbjuder?', 'target'],
      ['/granska', 'Granska etiketter', 'Bekräfta eller rätta klassificerarens förslag – först de som gör de publicerade andelarna säkrast.', 'review'],
      ['/nya-teman', 'Nya teman', 'Grupper av textavsnitt som kodboken inte fångar.', 'emerging'],
      ['/ladda-upp', 'Ladda upp anteckningar', 'Läs in godkända anteckningar (JSON, Markdown, Word).', 'ingest'],
      ['/admin/logg', 'Granskningsloggen', 'Vem har sökt och exporterat vad, och när.', 'audit:read'],
    ];
    return c.html(
      page({
        title: 'Start',
        user,
        active: '/',
        body: h`<h1>Välkommen, ${user.displayName}</h1>
<p class="lead">Du är inloggad som <strong>${ROLE_NAMES[user.role]}</strong>. Här finns kunskapen från kvalitetsdialogernas godkända anteckningar.</p>
${
  s
    ? h`<h2>Underlaget just nu</h2>
<ul class="cards" aria-label="Underlaget i siffror">
<li class="card"><span class="stat">${s.huvudman}</span> huvudmän</li>
<li class="card"><span class="stat">${s.dialogues}</span> dialoger</li>
<li class="card"><span class="stat">${s.notes.godkand}</span> godkända anteckningar</li>
<li class="card"><span class="stat">${s.passages}</span> textavsnitt</li>
</ul>`
    : ''
}
<h2>Vad vill du göra?</h2>
<ul class="cards">
${cards.filter(([, , , p]) => may(user.role, p)).map(([href, title, text]) => h`<li class="card"><h3><a href="${href}">${title}</a></h3><p>${text}</p></li>`)}
</ul>`,
      }),
    );
  });

  registerSearchPages(deps);
  registerAnalyticsPages(deps);
  registerBetweenPages(deps);
  registerHuvudmanPages(deps);
  registerReviewPages(deps);
  registerAdminPages(deps);
  void raw;
}

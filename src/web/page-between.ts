// Support between the dialogues: the follow-up meetings due (uppföljande möten), for dialogue
// leaders and support units. The same report as GET /api/followups and `followups` in the CLI.
import type { FollowupReport } from '../analytics/followups.js';
import { audit } from '../api/audit.js';
import type { RouteDeps } from '../api/routes/context.js';
import { guard, selectField } from './common.js';
import { h, qs } from './html.js';
import { page } from './layout.js';
import { options } from './names.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerBetweenPages(deps: RouteDeps): void {
  const { app, core, service } = deps;

  app.get('/uppfoljning', async (c) => {
    const user = guard(c, 'followups');
    if (user instanceof Response) return user;
    const q = c.req.query();
    const region = options.region.some(([r]) => r === q.region) ? q.region : undefined;
    const from = q.fran && DATE.test(q.fran) ? q.fran : undefined;
    const to = q.till && DATE.test(q.till) ? q.till : undefined;
    let r: FollowupReport | null = null;
    let error: string | null = null;
    try {
      r = await core.followups({ regions: region ? [region] : undefined, from, to });
      audit(service.db, user.username, 'followups', { regions: r.regions, window: r.window, via: 'webb' }, r.followups.length);
    } catch (e) {
      error = (e as Error).message;
    }
    const csvQs = qs({ region, from, to, format: 'csv' });
    return c.html(
      page({
        title: 'Uppföljande möten',
        user,
        active: '/uppfoljning',
        body: h`<h1>Uppföljande möten</h1>
<p class="lead">Huvudmän vars återkoppling var för fem till sju månader sedan, eller i fönstret du väljer: den prioriterade frågan, behoven med belägg, vad återkopplingen sa och liknande huvudmän som arbetat med samma behov.</p>
<form method="get" action="/uppfoljning" class="search-form">
  <div class="row">
    ${selectField('region', 'Region', options.region, region, { empty: 'Alla regioner' })}
    <div class="field"><label for="f-fran">Återkoppling från</label><input type="date" id="f-fran" name="fran" value="${from ?? r?.window.from ?? ''}"></div>
    <div class="field"><label for="f-till">till</label><input type="date" id="f-till" name="till" value="${to ?? r?.window.to ?? ''}"></div>
  </div>
  <div class="actions"><button type="submit">Visa</button></div>
</form>
${error ? h`<div class="error-summary" role="alert"><p>${error}</p></div>` : ''}
${
  r
    ? h`<p role="status">${r.followups.length} huvudmän med återkoppling ${r.window.from} – ${r.window.to}${r.regions ? ` i ${r.regions.join(', ')}` : ''}.</p>
<div class="actions"><a class="button secondary" href="/api/followups${csvQs}" download>Ladda ner CSV</a></div>
${r.followups.map(
  (f) => h`<section class="followup" aria-labelledby="fu-${f.huvudmanId}">
<h2 id="fu-${f.huvudmanId}"><a href="/huvudman/${f.huvudmanId}">${f.namn}</a></h2>
<p class="muted">${f.region}${f.kommun ? `, ${f.kommun}` : ''} · återkoppling ${f.aterkoppling.datum}</p>
<h3>Prioriterad fråga</h3>
<p>${f.prioritisedQuestion ? h`”${f.prioritisedQuestion.text}”` : 'Ingen prioriterad fråga angiven i anteckningarna.'}</p>
<h3>Behov</h3>
${f.needs.length ? h`<ul>${f.needs.map((n) => h`<li>${n.name}${n.evidence[0] ? h`<br><span class="muted">”${n.evidence[0].text}”</span>` : ''}</li>`)}</ul>` : h`<p>Inga behov beslutade.</p>`}
<h3>Sedan dialogen</h3>
${f.sinceDialogue.length ? h`<ul>${f.sinceDialogue.map((p) => h`<li>”${p.text}”</li>`)}</ul>` : h`<p>Återkopplingen nämner inga behov.</p>`}
<h3>Liknande huvudmän med samma behov</h3>
${f.similar.length ? h`<ul>${f.similar.map((s) => h`<li><a href="/huvudman/${s.huvudmanId}">${s.namn}</a>: ${s.sharedNeeds.slice(0, 4).join(', ')}${s.sharedNeeds.length > 4 ? ' …' : ''}</li>`)}</ul>` : h`<p>Inga.</p>`}
</section>`,
)}`
    : ''
}`,
      }),
    );
  });
}

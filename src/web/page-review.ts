// The review queue: the classifier's least certain suggestions first, each to confirm or reject.
import { loadCodebook } from '../codebook/index.js';
import { audit } from '../api/audit.js';
import { may } from '../api/permissions.js';
import type { RouteDeps } from '../api/routes/context.js';
import { guard } from './common.js';
import { h, qs, raw } from './html.js';
import { page } from './layout.js';

export function registerReviewPages(deps: RouteDeps): void {
  const { app, core, service, jobs } = deps;

  app.get('/granska', (c) => {
    const user = guard(c, 'review');
    if (user instanceof Response) return user;
    const cb = loadCodebook();
    const label = cb.byId.has(c.req.query('etikett') ?? '') ? c.req.query('etikett') : undefined;
    const offset = Math.max(0, Math.min(100_000, Number(c.req.query('fran')) || 0));
    const PAGE = 10;
    const q = core.reviewQueue({ limit: PAGE, offset, label });
    audit(service.db, user.username, 'review-queue', { label, offset, via: 'webb' }, q.items.length);
    const back = `/granska${qs({ etikett: label, fran: offset || undefined })}`;
    const form = (item: (typeof q.items)[number], action: string, text: string, cls = '') =>
      h`<form method="post" action="/textavsnitt/${encodeURIComponent(item.passageId)}/granska" class="inline-form">
<input type="hidden" name="labelId" value="${item.labelId}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="tillbaka" value="${back}">
<button type="submit"${raw(cls ? ` class="${cls}"` : '')}>${text}</button></form>`;
    const flash = c.req.query('klart') ? { kind: 'ok' as const, text: 'Granskningen är sparad.' } : null;
    return c.html(
      page({
        title: 'Granska etiketter',
        user,
        active: '/granska',
        flash,
        body: h`<h1>Granska etiketter</h1>
<p class="lead">Klassificerarens förslag som den är minst säker på kommer först. Bekräfta det som stämmer och avvisa det som inte gör det – granskade etiketter går före förslagen i alla rapporter och används när modellen tränas om.</p>
<form method="get" action="/granska" aria-label="Välj etikett">
<div class="field"><label for="f-etikett">Visa förslag för</label>
<select id="f-etikett" name="etikett"><option value="">Alla framgångsfaktorer och teman</option>
<optgroup label="Framgångsfaktorer">${cb.factors.map((e) => h`<option value="${e.id}"${raw(e.id === label ? ' selected' : '')}>${e.name}</option>`)}</optgroup>
<optgroup label="Teman">${cb.themes.map((e) => h`<option value="${e.id}"${raw(e.id === label ? ' selected' : '')}>${e.name}</option>`)}</optgroup>
</select></div>
<div class="actions"><button type="submit">Visa</button></div>
</form>
<p role="status">${q.total === 0 ? 'Inga förslag att granska.' : `${q.total} förslag att granska. Visar ${offset + 1}–${offset + q.items.length}.`}</p>
${
  q.total === 0 && may(user.role, 'model:train')
    ? h`<form method="post" action="/granska/omklassificera"><p>Förslagen skapas när textavsnitten klassificeras.</p><button type="submit">Klassificera alla textavsnitt</button></form>`
    : ''
}
${q.items.map(
  (item, i) => h`<section class="review-item" aria-labelledby="g-${i}">
<h2 id="g-${i}">${item.name}? <span class="muted">(${item.kind === 'factor' ? 'framgångsfaktor' : 'tema'}, säkerhet ${Math.round(item.score * 100)} %${item.predicted ? ', föreslagen' : ', inte föreslagen'})</span></h2>
<blockquote class="passage-text">${item.text}</blockquote>
${item.evidence.length ? h`<p class="meta">Belägg: ”${item.evidence.join('” ”')}”</p>` : ''}
<div class="actions">
${form(item, 'confirm', `Stämmer: ${item.name}`)}
${form(item, 'reject', `Stämmer inte: ${item.name}`, 'secondary')}
<a href="/textavsnitt/${encodeURIComponent(item.passageId)}">Öppna textavsnittet<span class="visually-hidden"> för ${item.name}</span></a>
</div>
</section>`,
)}
<nav class="pagination" aria-label="Sidor">
${offset > 0 ? h`<a href="/granska${qs({ etikett: label, fran: Math.max(0, offset - PAGE) || undefined })}">Föregående</a>` : ''}
${offset + PAGE < q.total ? h`<a href="/granska${qs({ etikett: label, fran: offset + PAGE })}">Nästa</a>` : ''}
</nav>`,
      }),
    );
  });

  app.post('/granska/omklassificera', (c) => {
    const user = guard(c, 'model:train');
    if (user instanceof Response) return user;
    const job = jobs.start('reclassify', user.username, async (progress) => {
      const r = await core.reclassify((d, t) => progress(d, t));
      audit(service.db, user.username, 'reclassify', { via: 'webb' }, r.passages);
      return r;
    });
    return c.redirect(`/jobb/${job.id}`, 303);
  });
}

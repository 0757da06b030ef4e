// Search with filters, highlighted passages and labels; one passage with its labels and review.
import { sameOriginPath } from './redirect-target.js';
import { z } from 'zod';
import { audit } from '../api/audit.js';
import { ApiError, issueDetails, type IssueDetail, readFormBody } from '../api/errors.js';
import { may } from '../api/permissions.js';
import type { RouteDeps } from '../api/routes/context.js';
import { reviewRequestSchema } from '../api/routes/review.js';
import { MAX_QUERY_CHARS } from '../search/search.js';
import type { DescribedHit } from '../api/core.js';
import { codebookOptions, errorSummary, filterFields, guard, LABEL_LEGEND, labelList, labelTag, parseFilters } from './common.js';
import { h, marked, qs, raw } from './html.js';
import { page } from './layout.js';
import { datum, NOTE_TYP_NAMN } from './names.js';

const FLASH: Record<string, string> = {
  confirm: 'Etiketten är bekräftad.',
  add: 'Etiketten är tillagd.',
  reject: 'Etiketten är avvisad.',
  undo: 'Granskningen är ångrad.',
};

export function hitMeta(hit: Pick<DescribedHit, 'noteTyp' | 'datum' | 'cykel' | 'omgang' | 'region'>) {
  return `${NOTE_TYP_NAMN[hit.noteTyp] ?? hit.noteTyp}, ${datum(hit.datum)} · cykel ${hit.cykel}, omgång ${hit.omgang} · ${hit.region}`;
}

export function registerSearchPages(deps: RouteDeps): void {
  const { app, core, service } = deps;

  app.get('/sok', async (c) => {
    const user = guard(c, 'search');
    if (user instanceof Response) return user;
    const q = c.req.query();
    const query = (q.q ?? '').trim();
    const { filters, errors, values } = parseFilters(q);
    const onePerNote = q.enPerAnteckning === 'ja';
    const limit = [10, 20, 50].includes(Number(q.antal)) ? Number(q.antal) : 20;
    const allErrors: IssueDetail[] = [...errors];
    if (query.length > MAX_QUERY_CHARS) allErrors.push({ falt: 'q', meddelande: `sökfrågan är för lång (högst ${MAX_QUERY_CHARS} tecken)` });
    let hits: DescribedHit[] | null = null;
    if (query && !allErrors.length) {
      hits = (await core.searchDescribed({ query, limit, filters, onePerNote })).hits;
      audit(service.db, user.username, 'search', { query, mode: 'hybrid', filters, limit, onePerNote, via: 'webb' }, hits.length);
    }
    const filterCount = Object.keys(values).length;
    return c.html(
      page({
        title: query ? `Sök: ${query}` : 'Sök',
        user,
        active: '/sok',
        body: h`<h1>Sök i anteckningarna</h1>
${errorSummary(allErrors)}
<form method="get" action="/sok" role="search" aria-label="Sök bland godkända textavsnitt">
  <div class="field"><label for="f-q">Vad letar du efter?</label>
  <span class="hint" id="f-q-hint">Skriv med egna ord, till exempel ”hemmasittare” eller ”styrelsen byts ut varje år”. Sökningen hittar också närliggande formuleringar.</span>
  <input type="search" id="f-q" name="q" value="${query}" aria-describedby="f-q-hint" maxlength="${MAX_QUERY_CHARS}"></div>
  <details class="filters"${raw(filterCount ? ' open' : '')}><summary>Filter${filterCount ? ` (${filterCount} valda)` : ''}</summary>
  ${filterFields(values)}
  <div class="grid">
    <div class="field"><label for="f-antal">Antal träffar</label><select id="f-antal" name="antal">${[10, 20, 50].map((n) => h`<option value="${n}"${raw(n === limit ? ' selected' : '')}>${n}</option>`)}</select></div>
    <div class="field"><span class="check"><input type="checkbox" id="f-en" name="enPerAnteckning" value="ja"${raw(onePerNote ? ' checked' : '')}><label for="f-en">Högst en träff per anteckning</label></span></div>
  </div>
  </details>
  <div class="actions"><button type="submit">Sök</button>${filterCount ? h`<a href="/sok${qs({ q: query })}">Rensa filter</a>` : ''}</div>
</form>
${
  hits === null
    ? query ? '' : h`<p class="muted">Bara godkända anteckningar finns med. Personuppgifter är borttagna.</p>`
    : h`<h2 id="traffar">Träffar</h2>
<p role="status">${hits.length === 0 ? 'Inga träffar. Pröva andra ord eller färre filter.' : `${hits.length} träffar för ”${query}”${filterCount ? ' med valda filter' : ''}.`}</p>
${hits.length ? LABEL_LEGEND : ''}
<ol class="results" aria-labelledby="traffar">
${hits.map(
  (hit, i) => h`<li class="hit">
  <h3><a href="/textavsnitt/${encodeURIComponent(hit.passageId)}">${i + 1}. ${hit.huvudmanNamn}</a></h3>
  <p class="meta">${hitMeta(hit)}</p>
  <p class="passage-text">${marked(hit.text, hit.highlights)}</p>
  ${labelList(hit.labels)}
</li>`,
)}
</ol>`
}`,
      }),
    );
  });

  app.get('/textavsnitt/:id', (c) => {
    const user = guard(c, 'search');
    if (user instanceof Response) return user;
    const id = c.req.param('id');
    const p = core.passage(id);
    audit(service.db, user.username, 'passage', { passageId: id, via: 'webb' }, 1);
    const canReview = may(user.role, 'review');
    const i = p.notePassages.indexOf(p.passageId);
    const prev = i > 0 ? p.notePassages[i - 1] : undefined;
    const next = i >= 0 && i < p.notePassages.length - 1 ? p.notePassages[i + 1] : undefined;
    const have = new Set(p.labels.map((l) => l.labelId));
    const flash = FLASH[c.req.query('granskat') ?? ''];
    const reviewForm = (labelId: string, action: string, text: string, cls = '') =>
      h`<form method="post" action="/textavsnitt/${encodeURIComponent(p.passageId)}/granska" class="inline-form"><input type="hidden" name="labelId" value="${labelId}"><input type="hidden" name="action" value="${action}"><button type="submit"${raw(cls ? ` class="${cls}"` : '')}>${text}</button></form>`;
    return c.html(
      page({
        title: `Textavsnitt från ${p.huvudmanNamn}`,
        user,
        active: '/sok',
        flash: flash ? { kind: 'ok', text: flash } : null,
        body: h`<p><a href="/sok">Till sökningen</a></p>
<h1>Textavsnitt från ${p.huvudmanNamn}</h1>
<dl class="facts">
  <dt>Huvudman</dt><dd>${may(user.role, 'huvudman:read') ? h`<a href="/huvudman/${encodeURIComponent(p.huvudmanId)}">${p.huvudmanNamn}</a>` : p.huvudmanNamn}</dd>
  <dt>Anteckning</dt><dd>${hitMeta({ ...p, region: '' }).replace(/ · $/, '')}</dd>
  <dt>Del</dt><dd>Stycke ${i + 1} av ${p.notePassages.length}</dd>
</dl>
<blockquote class="passage-text">${p.text}</blockquote>
<nav aria-label="Anteckningens textavsnitt" class="actions">
  ${prev ? h`<a href="/textavsnitt/${encodeURIComponent(prev)}">Föregående stycke</a>` : ''}
  ${next ? h`<a href="/textavsnitt/${encodeURIComponent(next)}">Nästa stycke</a>` : ''}
</nav>
<h2>Etiketter</h2>
${LABEL_LEGEND}
${
  p.labels.length
    ? h`<table><caption class="visually-hidden">Etiketter på textavsnittet</caption><thead><tr><th scope="col">Etikett</th><th scope="col">Grund</th><th scope="col" class="num">Säkerhet</th>${canReview ? h`<th scope="col">Granska</th>` : ''}</tr></thead><tbody>
${p.labels.map(
  (l) => h`<tr><td><ul class="labels">${labelTag(l)}</ul></td>
  <td>${!l.positive ? (l.basis === 'reviewed' ? 'Avvisad av en person' : 'Osäker; inte föreslagen') : l.basis === 'reviewed' ? (l.on === 'note' ? 'Granskad (hela anteckningen)' : 'Granskad') : 'Förslag från klassificeraren'}</td>
  <td class="num">${l.score === null ? '–' : `${Math.round(l.score * 100)} %`}</td>
  ${
    canReview
      ? h`<td><div class="actions">${
          l.basis === 'predicted'
            ? [reviewForm(l.labelId, 'confirm', `${l.positive ? 'Bekräfta' : 'Stämmer ändå:'} ${l.name}`), reviewForm(l.labelId, 'reject', `Avvisa ${l.name}`, 'secondary')]
            : l.on === 'passage'
              ? reviewForm(l.labelId, 'undo', `Ångra granskningen av ${l.name}`, 'secondary')
              : reviewForm(l.labelId, 'reject', `Avvisa ${l.name} för detta stycke`, 'secondary')
        }</div></td>`
      : ''
  }</tr>`,
)}
</tbody></table>`
    : h`<p>Inga etiketter ännu.</p>`
}
${
  canReview
    ? h`<h2>Lägg till en etikett</h2>
<form method="post" action="/textavsnitt/${encodeURIComponent(p.passageId)}/granska">
<input type="hidden" name="action" value="add">
<div class="field"><label for="f-labelId">Framgångsfaktor eller tema</label>
<select id="f-labelId" name="labelId">
<optgroup label="Framgångsfaktorer">${codebookOptions('factor').filter(([v]) => !have.has(v)).map(([v, t]) => h`<option value="${v}">${t}</option>`)}</optgroup>
<optgroup label="Teman">${codebookOptions('theme').filter(([v]) => !have.has(v)).map(([v, t]) => h`<option value="${v}">${t}</option>`)}</optgroup>
</select></div>
<button type="submit">Lägg till</button>
</form>`
    : ''
}`,
      }),
    );
  });

  app.post('/textavsnitt/:id/granska', async (c) => {
    const user = guard(c, 'review');
    if (user instanceof Response) return user;
    const id = c.req.param('id');
    const form = await readFormBody(c);
    const r = reviewRequestSchema.safeParse({ targetKind: 'passage', targetId: id, labelId: form.labelId, action: form.action });
    if (!r.success) throw new ApiError(400, `ogiltig granskning: ${issueDetails(r.error).map((d) => d.meddelande).join('; ')}`);
    // Validated before anything is saved: a bad target is refused, not redirected to.
    let back = `/textavsnitt/${encodeURIComponent(id)}${qs({ granskat: r.data.action })}`;
    if (typeof form.tillbaka === 'string' && form.tillbaka !== '') {
      const target = sameOriginPath(form.tillbaka);
      if (!target || !/^\/granska(\?|$)/.test(target)) throw new ApiError(400, 'ogiltig återvändsadress (tillbaka): förväntade en sida under /granska');
      back = `${target}${target.includes('?') ? '&' : '?'}klart=1`;
    }
    core.review({ ...r.data, reviewer: user.username });
    audit(service.db, user.username, 'review', { ...r.data, via: 'webb' }, 1);
    return c.redirect(back, 303);
  });
  void z;
}

// Huvudmän: a searchable list; one huvudman with the pre-dialogue brief and similar huvudmän.
import type { Brief } from '../analytics/brief.js';
import { audit } from '../api/audit.js';
import { may } from '../api/permissions.js';
import type { RouteDeps } from '../api/routes/context.js';
import { guard, selectField } from './common.js';
import { h, raw } from './html.js';
import { page } from './layout.js';
import { datum, NOTE_TYP_NAMN, options, skolformer, TYP_NAMN } from './names.js';

const basisText = (b: string) => (b === 'reviewed' ? 'granskad' : 'förslag');

export function registerHuvudmanPages(deps: RouteDeps): void {
  const { app, core, service } = deps;

  app.get('/huvudman', (c) => {
    const user = guard(c, 'huvudman:read');
    if (user instanceof Response) return user;
    const q = c.req.query();
    const text = (q.q ?? '').slice(0, 200);
    const region = options.region.some(([r]) => r === q.region) ? q.region : undefined;
    const typ = options.typ.some(([t]) => t === q.typ) ? q.typ : undefined;
    const list = core.listHuvudman({ text, region, typ });
    return c.html(
      page({
        title: 'Huvudmän',
        user,
        active: '/huvudman',
        body: h`<h1>Huvudmän</h1>
<p class="lead">Välj en huvudman för att se ${may(user.role, 'brief') ? 'underlaget inför en dialog: tidigare dialoger, behov, liknande huvudmän och lärande exempel' : 'liknande huvudmän'}.</p>
<form method="get" action="/huvudman" role="search" aria-label="Sök huvudman">
<div class="grid">
  <div class="field"><label for="f-q">Namn, kommun eller id</label><input type="search" id="f-q" name="q" value="${text}"></div>
  ${selectField('region', 'Region', options.region, region, { empty: 'Alla' })}
  ${selectField('typ', 'Huvudmannatyp', options.typ, typ, { empty: 'Alla' })}
</div>
<div class="actions"><button type="submit">Sök</button></div>
</form>
<p role="status">${list.length} huvudmän.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Tabell (kan rullas i sidled)"><table>
<caption class="visually-hidden">Huvudmän</caption>
<thead><tr><th scope="col">Huvudman</th><th scope="col">Typ</th><th scope="col">Region</th><th scope="col" class="num">Barn och elever</th><th scope="col">Skolformer</th><th scope="col" class="num">Godkända anteckningar</th></tr></thead>
<tbody>
${list.map(
  (x) => h`<tr><th scope="row"><a href="/huvudman/${encodeURIComponent(x.id)}">${x.namn}</a></th><td>${TYP_NAMN[x.typ] ?? x.typ}</td><td>${x.region}${x.kommun ? `, ${x.kommun}` : ''}</td><td class="num">${x.antalBarnElever ?? '–'}</td><td>${skolformer(x.skolformer)}</td><td class="num">${x.godkandaAnteckningar}</td></tr>`,
)}
</tbody></table></div>`,
      }),
    );
  });

  app.get('/huvudman/:id', async (c) => {
    const user = guard(c, 'huvudman:read');
    if (user instanceof Response) return user;
    const id = c.req.param('id');
    const hm = core.huvudman(id);
    let brief: Brief | null = null;
    if (may(user.role, 'brief')) {
      brief = await core.brief(id);
      audit(service.db, user.username, 'brief', { huvudmanId: id, via: 'webb' }, brief.dialogues.length);
    }
    const similar = brief ? null : core.similar(id, 5);
    if (similar) audit(service.db, user.username, 'similar', { huvudmanId: id, via: 'webb' }, similar.length);
    const passageLink = (pid: string) => h` <a href="/textavsnitt/${encodeURIComponent(pid)}">Öppna<span class="visually-hidden"> textavsnittet</span></a>`;
    return c.html(
      page({
        title: hm.namn,
        user,
        active: '/huvudman',
        body: h`<p><a href="/huvudman">Alla huvudmän</a></p>
<h1>${hm.namn}</h1>
<dl class="facts">
<dt>Typ</dt><dd>${TYP_NAMN[hm.typ] ?? hm.typ}</dd>
<dt>Region</dt><dd>${hm.region}${hm.kommun ? ` (${hm.kommun})` : ''}</dd>
<dt>Barn och elever</dt><dd>${hm.antalBarnElever ?? 'okänt'}${hm.storleksklass ? ` (storleksklass ${hm.storleksklass})` : ''}</dd>
<dt>Skolformer</dt><dd>${skolformer(hm.skolformer)}</dd>
<dt>Godkända anteckningar</dt><dd>${hm.godkandaAnteckningar}</dd>
</dl>
${may(user.role, 'search') ? h`<p><a href="/sok?q=&amp;huvudmanId=${encodeURIComponent(hm.id)}">Sök i den här huvudmannens anteckningar</a></p>` : ''}
${
  brief
    ? h`<h2>Behov i tidigare dialoger</h2>
${
  brief.needs.length
    ? h`<table><caption class="visually-hidden">Behov</caption><thead><tr><th scope="col">Framgångsfaktor eller tema</th><th scope="col" class="num">Dialoger</th><th scope="col">Grund</th></tr></thead><tbody>
${brief.needs.map((n) => h`<tr><th scope="row"><span class="tag ${n.kind}">${n.name}</span></th><td class="num">${n.dialogues}</td><td>${basisText(n.basis)}</td></tr>`)}
</tbody></table>`
    : h`<p>Inga behov registrerade ännu.</p>`
}
<h2>Tidigare dialoger</h2>
${brief.dialogues.length ? '' : h`<p>Inga godkända anteckningar.</p>`}
${brief.dialogues.map(
  (d) => h`<section aria-labelledby="d-${d.dialogId}"><h3 id="d-${d.dialogId}">Cykel ${d.cykel}, omgång ${d.omgang}</h3>
<p class="meta">${d.notes.map((n) => `${NOTE_TYP_NAMN[n.typ] ?? n.typ} ${datum(n.datum)}`).join(' · ')}</p>
${d.labels.map(
  (l) => h`<details><summary>${l.name} (${l.kind === 'factor' ? 'framgångsfaktor' : 'tema'}, ${basisText(l.basis)})</summary>
${l.evidence.map((e) => h`<blockquote class="passage-text">${e.text}${passageLink(e.passageId)}</blockquote>`)}</details>`,
)}
</section>`,
)}
<h2>Liknande huvudmän</h2>
<ol class="results">
${brief.similar.map(
  (s) => h`<li class="hit"><h3><a href="/huvudman/${encodeURIComponent(s.huvudmanId)}">${s.namn}</a></h3>
<p class="meta">${TYP_NAMN[s.typ] ?? s.typ} · ${s.region} · ${s.storlek ?? 'okänt antal'} barn/elever · ${skolformer(s.skolformer)}</p>
<p>Liknar genom: ${s.why}.</p>
${s.labels.length ? h`<ul class="labels" aria-label="Deras behov">${s.labels.slice(0, 6).map((l) => h`<li class="tag ${l.kind}">${l.name}</li>`)}</ul>` : ''}
${s.evidence.length ? h`<details><summary>Vad som kom upp hos dem</summary>${s.evidence.map((e) => h`<blockquote class="passage-text">${e.text}${passageLink(e.passageId)}</blockquote>`)}</details>` : ''}
</li>`,
)}
</ol>
<h2>Lärande exempel</h2>
${
  brief.examples.length
    ? h`<p>Textavsnitt där andra huvudmän berättar om något som har fungerat, för behov som den här huvudmannen har.</p><ol class="results">
${brief.examples.map(
  (e) => h`<li class="hit"><blockquote class="passage-text">${e.text}${passageLink(e.passageId)}</blockquote>
<p class="meta">${e.via === 'liknande-huvudman' ? 'Hos en liknande huvudman' : 'Hittat genom sökning'}${e.matchedNeeds.length ? ` · samma behov: ${e.matchedNeeds.length}` : ''}</p></li>`,
)}</ol>`
    : h`<p>Inga lärande exempel hittades.</p>`
}`
    : h`<h2>Liknande huvudmän</h2>
<ol class="results">${(similar ?? []).map((s) => h`<li class="hit"><h3><a href="/huvudman/${encodeURIComponent(s.huvudmanId)}">${s.namn}</a></h3><p>Liknar genom: ${s.why}.</p></li>`)}</ol>`
}`,
      }),
    );
  });
  void raw;
}

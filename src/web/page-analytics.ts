// The factor/theme dashboard (chart, by-group table, exports), support targeting and emerging themes.
import { reportChart } from '../analytics/export/index.js';
import { INTERVAL_NOTE } from '../analytics/export/report-tables.js';
import type { PrevalenceReport } from '../analytics/reports.js';
import { groupName, DIMENSION_NAMES } from '../analytics/dimensions.js';
import { labelName as analyticsLabelName } from '../analytics/labels.js';
import type { TargetReport } from '../analytics/target.js';
import { audit } from '../api/audit.js';
import { issueDetails, type IssueDetail, readFormBody } from '../api/errors.js';
import { may } from '../api/permissions.js';
import type { RouteDeps } from '../api/routes/context.js';
import { reportFileName, sendFile, targetRequestSchema } from '../api/routes/reports.js';
import { codebookOptions, errorSummary, filterFields, guard, parseFilters, selectField } from './common.js';
import { h, qs, raw } from './html.js';
import { page } from './layout.js';
import { options, percent, skolformer, TYP_NAMN } from './names.js';

let chartSeq = 0;
/** The analytics' standalone SVG, inline: ids made unique on the page. */
export function inlineChart(svg: string): string {
  const n = ++chartSeq;
  return svg.replace(/<\?xml[^>]*>\s*/, '').replace(/\b(id="|aria-labelledby="|aria-describedby="|href="#|url\(#)([^"]*?)(["\)])/g, (_m, pre: string, ids: string, post: string) =>
    `${pre}${ids.split(' ').map((id) => (id ? `${id}-${n}` : id)).join(' ')}${post}`,
  );
}

const DASH_FILTERS = ['typ', 'skolform', 'endastForskola', 'region', 'cykel', 'omgang', 'noteTyp'];

export function registerAnalyticsPages(deps: RouteDeps): void {
  const { app, core, service } = deps;

  app.get('/oversikt', (c) => {
    const user = guard(c, 'reports:read');
    if (user instanceof Response) return user;
    const q = c.req.query();
    const report = q.rapport === 'themes' ? 'themes' : 'factors';
    const by = options.dimension.some(([d]) => d === q.per) ? q.per! : 'alla';
    const { filters, errors, values } = parseFilters(Object.fromEntries(Object.entries(q).filter(([k]) => DASH_FILTERS.includes(k))));
    const r = errors.length ? null : (core.report(report, { by, filters }) as PrevalenceReport);
    if (r) audit(service.db, user.username, 'report', { report, by, filters, via: 'webb' }, r.rows.length);
    const exportQs = qs({ by, ...values });
    const labels = r ? [...new Set(r.rows.map((x) => x.label))] : [];
    const groups = r ? [...new Set(r.rows.map((x) => x.group))] : [];
    const cell = new Map(r?.rows.map((x) => [x.group + '\u0000' + x.label, x]) ?? []);
    const what = report === 'factors' ? 'Framgångsfaktor' : 'Tema';
    return c.html(
      page({
        title: 'Översikt',
        user,
        active: '/oversikt',
        body: h`<h1>Översikt över behoven</h1>
<p class="lead">Hur stor andel av dialogerna som berör varje framgångsfaktor eller tema, för alla dialoger eller per grupp. En dialog räknas när någon av dess godkända anteckningar berör etiketten.</p>
${errorSummary(errors)}
<form method="get" action="/oversikt" aria-label="Välj rapport">
  <div class="grid">
    ${selectField('rapport', 'Visa', [['factors', 'Framgångsfaktorer'], ['themes', 'Teman']], report)}
    ${selectField('per', 'Dela upp per', options.dimension, by)}
  </div>
  <details class="filters"${raw(Object.keys(values).length ? ' open' : '')}><summary>Urval</summary>${filterFields(values, DASH_FILTERS)}</details>
  <div class="actions"><button type="submit">Visa</button></div>
</form>
${
  r
    ? h`<h2>${report === 'factors' ? 'Framgångsfaktorer' : 'Teman'}${by !== 'alla' ? ` per ${DIMENSION_NAMES[by as 'typ'].toLowerCase()}` : ''}</h2>
<p>${r.totals.dialogues} dialoger räknas. ${
        r.totals.reviewedDecisions + r.totals.predictedDecisions
          ? `${Math.round((100 * r.totals.reviewedDecisions) / (r.totals.reviewedDecisions + r.totals.predictedDecisions))} % av bedömningarna vilar på etiketter som en person har granskat.`
          : ''
      }</p>
${r.totals.dialogues ? h`<figure class="chart" aria-label="Diagram">${raw(inlineChart(reportChart(r)))}</figure>` : h`<p>Inga dialoger med detta urval.</p>`}
${
  may(user.role, 'reports:export')
    ? h`<div class="actions" role="group" aria-label="Exportera">
  <a class="button secondary" href="/api/reports/${report}/export${raw(exportQs ? exportQs + '&amp;' : '?')}format=csv" download>Ladda ner CSV</a>
  <a class="button secondary" href="/api/reports/${report}/export${raw(exportQs ? exportQs + '&amp;' : '?')}format=xlsx" download>Ladda ner Excel</a>
  <a class="button secondary" href="/api/reports/${report}/export${raw(exportQs ? exportQs + '&amp;' : '?')}format=svg" download>Ladda ner diagrammet (SVG)</a>
</div>`
    : ''
}
<div class="table-scroll" tabindex="0" role="region" aria-label="Tabell (kan rullas i sidled)"><table>
<caption>Skattad andel dialoger som berör varje ${what.toLowerCase()}, med 95 % intervall och antal dialoger i gruppen (n)</caption>
<thead><tr><th scope="col" rowspan="2">${what}</th>${groups.map((g) => h`<th scope="colgroup" colspan="3" class="num">${groupName(r.by, g)}</th>`)}</tr>
<tr>${groups.map(() => h`<th scope="col" class="num">Andel</th><th scope="col" class="num">95 % intervall</th><th scope="col" class="num">n</th>`)}</tr></thead>
<tbody>
${labels.map(
  (l) => h`<tr><th scope="row">${analyticsLabelName(l)}</th>${groups.map((g) => {
    const x = cell.get(g + '\u0000' + l);
    return x
      ? h`<td class="num">${percent(x.share)}</td><td class="num intervall">${percent(x.low)}–${percent(x.high)}</td><td class="num">${x.n}</td>`
      : h`<td class="num">–</td><td class="num">–</td><td class="num">–</td>`;
  })}</tr>`,
)}
</tbody></table></div>
<p class="muted" id="om-intervall">${INTERVAL_NOTE} Andelen är ett medelvärde av hur sannolikt det är att varje dialog berör etiketten; granskade etiketter räknas som säkra.</p>`
    : ''
}`,
      }),
    );
  });

  const targetForm = (v: Record<string, string>, chosen: Set<string>, errors: IssueDetail[]) => h`
${errorSummary(errors)}
<form method="post" action="/stod" aria-label="Beskriv stödet">
  <div class="field"><label for="f-text">Vad erbjuder stödet?</label>
  <span class="hint" id="f-text-hint">Klistra in en beskrivning av materialet, nätverket eller utbildningen – eller välj framgångsfaktorer och teman nedan, eller både och.</span>
  <textarea id="f-text" name="text" aria-describedby="f-text-hint" maxlength="20000">${v.text ?? ''}</textarea></div>
  <fieldset><legend>Framgångsfaktorer</legend><div class="checks">
  ${codebookOptions('factor').map(([id, name]) => h`<span class="check"><input type="checkbox" id="f-${id}" name="factors" value="${id}"${raw(chosen.has(id) ? ' checked' : '')}><label for="f-${id}">${name}</label></span>`)}
  </div></fieldset>
  <fieldset><legend>Teman</legend><div class="checks">
  ${codebookOptions('theme').map(([id, name]) => h`<span class="check"><input type="checkbox" id="f-${id}" name="themes" value="${id}"${raw(chosen.has(id) ? ' checked' : '')}><label for="f-${id}">${name}</label></span>`)}
  </div></fieldset>
  <details class="filters"${raw(['typ', 'region', 'skolform', 'endastForskola'].some((k) => v[k]) ? ' open' : '')}><summary>Urval av huvudmän</summary>${filterFields(v, ['typ', 'skolform', 'endastForskola', 'region'])}</details>
  <div class="actions"><button type="submit">Hitta huvudmän</button></div>
</form>`;

  function targetRequest(form: Record<string, string | File | (string | File)[]>) {
    const all = (k: string) => ([] as unknown[]).concat(form[k] ?? []).filter((x): x is string => typeof x === 'string' && x !== '');
    const one = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const values: Record<string, string> = { text: one('text') };
    for (const k of ['typ', 'region', 'skolform', 'endastForskola']) if (one(k)) values[k] = one(k);
    const { filters, errors } = parseFilters(values);
    const parsed = targetRequestSchema.safeParse({
      text: one('text') || undefined,
      factors: all('factors').length ? all('factors') : undefined,
      themes: all('themes').length ? all('themes') : undefined,
      filters,
      limit: 20,
    });
    return { values, chosen: new Set([...all('factors'), ...all('themes')]), errors: [...errors, ...(parsed.success ? [] : issueDetails(parsed.error))], req: parsed.success ? parsed.data : null };
  }

  app.get('/stod', (c) => {
    const user = guard(c, 'target');
    if (user instanceof Response) return user;
    return c.html(
      page({
        title: 'Rikta stödinsatser',
        user,
        active: '/stod',
        body: h`<h1>Rikta stödinsatser</h1><p class="lead">Vilka huvudmän har behov som ett stöd möter? Svaret bygger på godkända anteckningar och visar belägg för varje huvudman.</p>${targetForm({}, new Set(), [])}`,
      }),
    );
  });

  app.post('/stod', async (c) => {
    const user = guard(c, 'target');
    if (user instanceof Response) return user;
    const t = targetRequest(await readFormBody(c, { all: true }));
    let result: TargetReport | null = null;
    if (t.req) {
      result = await core.target(t.req);
      audit(service.db, user.username, 'target', { text: t.req.text?.slice(0, 300), factors: t.req.factors, themes: t.req.themes, filters: t.req.filters, via: 'webb' }, result.total);
    }
    const hidden = (r: NonNullable<typeof t.req>) =>
      h`${r.text ? h`<input type="hidden" name="text" value="${r.text}">` : ''}${(r.factors ?? []).map((f) => h`<input type="hidden" name="factors" value="${f}">`)}${(r.themes ?? []).map((f) => h`<input type="hidden" name="themes" value="${f}">`)}${Object.entries(t.values).filter(([k]) => k !== 'text').map(([k, v]) => h`<input type="hidden" name="${k}" value="${v}">`)}`;
    return c.html(
      page({
        title: 'Rikta stödinsatser',
        user,
        active: '/stod',
        body: h`<h1>Rikta stödinsatser</h1>
${targetForm(t.values, t.chosen, t.errors)}
${
  result && t.req
    ? h`<h2 id="resultat">Huvudmän med behovet</h2>
<p role="status">${result.total} huvudmän hittades${result.huvudman.length < result.total ? `; de ${result.huvudman.length} starkaste visas` : ''}.${result.inferredLabels.length ? ` Texten handlar mest om: ${result.inferredLabels.map(analyticsLabelName).join(', ')}.` : ''}</p>
${
  may(user.role, 'reports:export')
    ? h`<form method="post" action="/stod/export" class="actions" aria-label="Exportera">${hidden(t.req)}
  <button type="submit" name="format" value="csv" class="secondary">Ladda ner CSV</button>
  <button type="submit" name="format" value="xlsx" class="secondary">Ladda ner Excel</button></form>`
    : ''
}
<div class="grid">
<table><caption>Per region</caption><thead><tr><th scope="col">Region</th><th scope="col" class="num">Huvudmän</th></tr></thead><tbody>
${result.byRegion.map((x) => h`<tr><th scope="row">${x.region}</th><td class="num">${x.huvudman}</td></tr>`)}</tbody></table>
<table><caption>Per huvudmannatyp</caption><thead><tr><th scope="col">Typ</th><th scope="col" class="num">Huvudmän</th></tr></thead><tbody>
${result.byTyp.map((x) => h`<tr><th scope="row">${TYP_NAMN[x.typ] ?? x.typ}</th><td class="num">${x.huvudman}</td></tr>`)}</tbody></table>
</div>
<ol class="results">
${result.huvudman.map(
  (hm) => h`<li class="hit"><h3>${hm.rank}. ${may(user.role, 'huvudman:read') ? h`<a href="/huvudman/${encodeURIComponent(hm.huvudmanId)}">${hm.namn}</a>` : hm.namn}</h3>
<p class="meta">${TYP_NAMN[hm.typ] ?? hm.typ} · ${hm.region}${hm.kommun ? `, ${hm.kommun}` : ''} · ${hm.antalBarnElever ?? 'okänt antal'} barn/elever · ${skolformer(hm.skolformer)} · ${hm.dialoguesWithNeed} av ${hm.dialogues} dialoger berör behovet</p>
${hm.matchedLabels.length ? h`<ul class="labels" aria-label="Behov som matchar">${hm.matchedLabels.map((l) => h`<li class="tag">${analyticsLabelName(l)}</li>`)}</ul>` : ''}
${hm.evidence.length ? h`<details><summary>Belägg (${hm.evidence.length})</summary>${hm.evidence.map((e) => h`<blockquote class="passage-text">${e.text} <a href="/textavsnitt/${encodeURIComponent(e.passageId)}">Öppna</a></blockquote>`)}</details>` : ''}
</li>`,
)}
</ol>`
    : ''
}`,
      }),
    );
  });

  app.post('/stod/export', async (c) => {
    const user = guard(c, 'reports:export');
    if (user instanceof Response) return user;
    const form = await readFormBody(c, { all: true });
    const t = targetRequest(form);
    const format = form.format === 'xlsx' ? 'xlsx' : 'csv';
    if (!t.req) return c.html(page({ title: 'Rikta stödinsatser', user, active: '/stod', body: h`<h1>Rikta stödinsatser</h1>${targetForm(t.values, t.chosen, t.errors)}` }), 400);
    const r = await core.target(t.req);
    audit(service.db, user.username, 'export', { report: 'target', format, factors: t.req.factors, themes: t.req.themes, text: t.req.text?.slice(0, 300), via: 'webb' }, r.total);
    return sendFile(c, await core.export(r, format), format, reportFileName('malgrupp', format));
  });

  app.get('/nya-teman', (c) => {
    const user = guard(c, 'emerging');
    if (user instanceof Response) return user;
    const r = core.emerging({});
    audit(service.db, user.username, 'emerging', { via: 'webb' }, r.clusters.length);
    return c.html(
      page({
        title: 'Nya teman',
        user,
        active: '/nya-teman',
        body: h`<h1>Nya teman</h1>
<p class="lead">Textavsnitt som ingen framgångsfaktor eller inget tema i kodboken passar på, grupperade efter innehåll. En grupp som återkommer hos många huvudmän kan vara ett tema som kodboken saknar.</p>
<p>${r.passages} godkända textavsnitt, varav ${r.poorlyFitting} passar dåligt; ${r.clusters.length} grupper visas.</p>
${r.clusters.map(
  (cl, i) => h`<section class="review-item" aria-labelledby="kl-${i}"><h2 id="kl-${i}">Grupp ${i + 1}: ${cl.terms.slice(0, 5).map((t) => t.word).join(', ')}</h2>
<p class="meta">${cl.size} textavsnitt hos ${cl.huvudman} huvudmän</p>
${cl.examples.map((e) => h`<blockquote class="passage-text">${e.text} <a href="/textavsnitt/${encodeURIComponent(e.passageId)}">Öppna</a></blockquote>`)}
</section>`,
)}`,
      }),
    );
  });
}

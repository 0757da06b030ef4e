// Helpers shared by the pages: sign-in guard, form fields, label tags, filter forms.
import type { Context } from 'hono';
import { z } from 'zod';
import type { User } from '../auth/users.js';
import { loadCodebook } from '../codebook/index.js';
import type { AppEnv } from '../api/env.js';
import { issueDetails, type IssueDetail } from '../api/errors.js';
import type { LabelDecision } from '../api/core.js';
import { may, type Permission } from '../api/permissions.js';
import { filtersFromQuery, filtersQuery, type FiltersQuery } from '../api/schemas.js';
import type { SearchFilters } from '../search/filters.js';
import { errorPage } from './layout.js';
import { h, qs, raw, type Raw } from './html.js';
import { options } from './names.js';

export type Ctx = Context<AppEnv>;

/** The signed-in user with the permission, else a redirect to sign-in or a 403 page. */
export function guard(c: Ctx, permission: Permission | null): User | Response {
  const user = c.get('user');
  if (!user) return c.redirect(`/logga-in${qs({ nasta: c.req.path + (new URL(c.req.url).search || '') })}`, 303);
  if (permission && !may(user.role, permission)) return c.html(errorPage(user, 403, 'din roll har inte behörighet till den här sidan'), 403);
  return user;
}

export function selectField(name: string, label: string, opts: readonly (readonly [string, string])[], value: string | undefined, o: { empty?: string; hint?: string; id?: string } = {}): Raw {
  const id = o.id ?? `f-${name}`;
  return h`<div class="field"><label for="${id}">${label}</label>${o.hint ? h`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}
<select id="${id}" name="${name}"${raw(o.hint ? ` aria-describedby="${id}-hint"` : '')}>
${o.empty !== undefined ? h`<option value="">${o.empty}</option>` : ''}
${opts.map(([v, t]) => h`<option value="${v}"${raw(v === value ? ' selected' : '')}>${t}</option>`)}
</select></div>`;
}

export function textField(name: string, label: string, value: string | undefined, o: { type?: string; hint?: string; id?: string; autocomplete?: string; required?: boolean; cls?: string; error?: string } = {}): Raw {
  const id = o.id ?? `f-${name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return h`<div class="field"><label for="${id}">${label}</label>${o.hint ? h`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}${o.error ? h`<span class="field-error" id="${id}-error">${o.error}</span>` : ''}
<input type="${o.type ?? 'text'}" id="${id}" name="${name}" value="${value ?? ''}"${raw(o.cls ? ` class="${o.cls}"` : '')}${raw(described ? ` aria-describedby="${described}"` : '')}${raw(o.autocomplete ? ` autocomplete="${o.autocomplete}"` : '')}${raw(o.required ? ' required' : '')}${raw(o.error ? ' aria-invalid="true"' : '')}></div>`;
}

export function codebookOptions(kind: 'factor' | 'theme'): [string, string][] {
  const cb = loadCodebook();
  return (kind === 'factor' ? cb.factors : cb.themes).map((e) => [e.id, e.name]);
}

export function labelName(id: string): string {
  return loadCodebook().byId.get(id)?.name ?? id;
}

export function labelTag(l: Pick<LabelDecision, 'labelId' | 'kind' | 'name' | 'basis' | 'positive'>): Raw {
  const cls = ['tag', l.kind, l.basis === 'predicted' ? 'predicted' : '', l.positive ? '' : l.basis === 'reviewed' ? 'rejected' : 'unlikely'].filter(Boolean).join(' ');
  const how = !l.positive ? (l.basis === 'reviewed' ? 'avvisad' : 'osäker, inte föreslagen') : l.basis === 'reviewed' ? 'granskad' : 'förslag';
  return h`<li class="${cls}">${l.name} <span class="visually-hidden">(${l.kind === 'factor' ? 'framgångsfaktor' : 'tema'}, ${how})</span>${raw(l.basis === 'predicted' && l.positive ? '<span aria-hidden="true"> ?</span>' : '')}</li>`;
}

export function labelList(labels: LabelDecision[], showRejected = false): Raw {
  const shown = labels.filter((l) => showRejected || l.positive);
  return shown.length ? h`<ul class="labels" aria-label="Etiketter">${shown.map(labelTag)}</ul>` : h``;
}

export const LABEL_LEGEND = h`<p class="legend">Etiketter: heldragen ram = granskad av en person; streckad ram och frågetecken = klassificerarens förslag. Blå = framgångsfaktor, lila = tema.</p>`;

const filtersObject = z.object(filtersQuery);

/** Filters from query parameters: the filters, or the Swedish errors per field. */
export function parseFilters(q: Record<string, string>): { filters: SearchFilters; errors: IssueDetail[]; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const k of Object.keys(filtersQuery)) if (q[k]) values[k] = q[k]!;
  const r = filtersObject.safeParse(values);
  if (!r.success) return { filters: {}, errors: issueDetails(r.error), values };
  try {
    return { filters: filtersFromQuery(r.data as FiltersQuery), errors: [], values };
  } catch (e) {
    if (e instanceof z.ZodError) return { filters: {}, errors: issueDetails(e), values };
    throw e;
  }
}

export const FILTER_NAMES: Record<string, string> = {
  typ: 'Huvudmannatyp',
  skolform: 'Skolform',
  endastForskola: 'Endast förskola',
  region: 'Region',
  cykel: 'Cykel',
  omgang: 'Omgång',
  noteTyp: 'Typ av anteckning',
  franDatum: 'Från datum',
  tillDatum: 'Till datum',
  minStorlek: 'Minst antal barn och elever',
  maxStorlek: 'Högst antal barn och elever',
  factor: 'Framgångsfaktor',
  theme: 'Tema',
  huvudmanId: 'Huvudman',
};

export function errorSummary(errors: IssueDetail[]): Raw {
  if (!errors.length) return h``;
  return h`<div class="error-summary" role="alert" tabindex="-1"><h2>Det finns fel i formuläret</h2><ul>
${errors.map((e) => h`<li><a href="#f-${e.falt.split('.').pop()}">${FILTER_NAMES[e.falt.split('.').pop() ?? ''] ?? e.falt}: ${e.meddelande}</a></li>`)}
</ul></div>`;
}

/** The filter fields (search, dashboard, targeting). `which` picks and orders them. */
export function filterFields(values: Record<string, string>, which: string[] = ['typ', 'skolform', 'endastForskola', 'region', 'cykel', 'omgang', 'noteTyp', 'factor', 'theme', 'franDatum', 'tillDatum', 'minStorlek', 'maxStorlek']): Raw {
  const f: Record<string, () => Raw> = {
    typ: () => selectField('typ', FILTER_NAMES.typ!, options.typ, values.typ, { empty: 'Alla' }),
    skolform: () => selectField('skolform', FILTER_NAMES.skolform!, options.skolform, values.skolform, { empty: 'Alla' }),
    endastForskola: () => selectField('endastForskola', FILTER_NAMES.endastForskola!, [['true', 'Bara huvudmän med endast förskola'], ['false', 'Bara övriga huvudmän']], values.endastForskola, { empty: 'Alla' }),
    region: () => selectField('region', FILTER_NAMES.region!, options.region, values.region, { empty: 'Alla' }),
    cykel: () => textField('cykel', FILTER_NAMES.cykel!, values.cykel, { type: 'number' }),
    omgang: () => textField('omgang', FILTER_NAMES.omgang!, values.omgang, { type: 'number' }),
    noteTyp: () => selectField('noteTyp', FILTER_NAMES.noteTyp!, options.noteTyp, values.noteTyp, { empty: 'Alla' }),
    factor: () => selectField('factor', FILTER_NAMES.factor!, codebookOptions('factor'), values.factor, { empty: 'Alla' }),
    theme: () => selectField('theme', FILTER_NAMES.theme!, codebookOptions('theme'), values.theme, { empty: 'Alla' }),
    franDatum: () => textField('franDatum', FILTER_NAMES.franDatum!, values.franDatum, { type: 'date' }),
    tillDatum: () => textField('tillDatum', FILTER_NAMES.tillDatum!, values.tillDatum, { type: 'date' }),
    minStorlek: () => textField('minStorlek', FILTER_NAMES.minStorlek!, values.minStorlek, { type: 'number' }),
    maxStorlek: () => textField('maxStorlek', FILTER_NAMES.maxStorlek!, values.maxStorlek, { type: 'number' }),
  };
  // A huvudman chosen elsewhere (the huvudman page) stays chosen.
  const hm = values.huvudmanId && !which.includes('huvudmanId') ? h`<input type="hidden" name="huvudmanId" value="${values.huvudmanId}"><p>Bara huvudman <strong>${values.huvudmanId}</strong>.</p>` : '';
  return h`${hm}<div class="grid">${which.map((k) => f[k]!())}</div>`;
}

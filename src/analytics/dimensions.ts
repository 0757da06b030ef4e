// The ways the figures are split ("--by"), the group(s) a dialogue falls in for each, their order
// and their Swedish names. Pure.
import { HUVUDMAN_TYPER, REGIONER, SKOLFORMER } from '../ingest/vocabulary.js';
import { isOnlyForskola } from '../search/filters.js';
import { sizeClass } from '../search/similar.js';
import type { DialogueRecord } from './types.js';

export const DIMENSIONS = [
  'alla',
  'typ',
  'huvudmannatyp',
  'storlek',
  'endast-forskola',
  'skolform',
  'region',
  'cykel',
  'omgang',
  'cykel-omgang',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function isDimension(x: string): x is Dimension {
  return (DIMENSIONS as readonly string[]).includes(x);
}

export const SIZE_CLASSES = ['≤ 50', '51–500', '> 500'] as const;
export const UNKNOWN = 'okänd';

/**
 * Group values of one dialogue for a dimension. A huvudman with several skolformer is in each of
 * their groups, so groups of `skolform` overlap; every other dimension puts a dialogue in one group.
 */
export function groupsOf(d: Pick<DialogueRecord, 'huvudman' | 'cykel' | 'omgang'>, dim: Dimension): string[] {
  const h = d.huvudman;
  switch (dim) {
    case 'alla':
      return ['alla'];
    case 'typ':
      return [h.sektor];
    case 'huvudmannatyp':
      return [h.typ];
    case 'storlek':
      return [sizeClass(h.size) ?? UNKNOWN];
    case 'endast-forskola':
      return [isOnlyForskola(h.skolformer) ? 'endast-forskola' : 'ovriga'];
    case 'skolform':
      return h.skolformer.length ? [...new Set(h.skolformer)] : [UNKNOWN];
    case 'region':
      return [h.region];
    case 'cykel':
      return [String(d.cykel)];
    case 'omgang':
      return [String(d.omgang)];
    case 'cykel-omgang':
      return [`${d.cykel}:${d.omgang}`];
  }
}

/** Groups for several dimensions at once: every combination, joined with " / ". */
export function groupsOfAll(d: Pick<DialogueRecord, 'huvudman' | 'cykel' | 'omgang'>, dims: Dimension[]): string[] {
  let out = [''];
  dims.forEach((dim, i) => {
    const gs = groupsOf(d, dim);
    out = out.flatMap((prefix) => gs.map((g) => (i === 0 ? g : `${prefix} / ${g}`)));
  });
  return out;
}

const FIXED_ORDER: Partial<Record<Dimension, readonly string[]>> = {
  typ: ['enskild', 'offentlig'],
  huvudmannatyp: HUVUDMAN_TYPER,
  storlek: [...SIZE_CLASSES, UNKNOWN],
  'endast-forskola': ['endast-forskola', 'ovriga'],
  skolform: [...SKOLFORMER, UNKNOWN],
  region: REGIONER,
};

function rank(dim: Dimension, value: string): [number, number, string] {
  const fixed = FIXED_ORDER[dim];
  if (fixed) {
    const i = fixed.indexOf(value);
    return [i < 0 ? fixed.length : i, 0, value];
  }
  if (dim === 'cykel' || dim === 'omgang') return [0, Number(value), value];
  if (dim === 'cykel-omgang') {
    const [c, o] = value.split(':').map(Number);
    return [c ?? 0, o ?? 0, value];
  }
  return [0, 0, value];
}

/** Orders group values the way the agencies' tables do (vocabulary order, numbers ascending). */
export function compareGroups(dims: Dimension[], a: string, b: string): number {
  const as = dims.length > 1 ? a.split(' / ') : [a];
  const bs = dims.length > 1 ? b.split(' / ') : [b];
  for (let i = 0; i < dims.length; i++) {
    const ra = rank(dims[i]!, as[i] ?? '');
    const rb = rank(dims[i]!, bs[i] ?? '');
    const c = ra[0] - rb[0] || ra[1] - rb[1] || ra[2].localeCompare(rb[2], 'sv');
    if (c) return c;
  }
  return 0;
}

export const TYP_NAMES: Record<string, string> = {
  enskild: 'Enskild',
  offentlig: 'Offentlig',
  kommun: 'Kommun',
  region: 'Region',
  statlig: 'Statlig',
  kommunalforbund: 'Kommunalförbund',
};
export const SKOLFORM_NAMES: Record<string, string> = {
  forskola: 'Förskola',
  forskoleklass: 'Förskoleklass',
  grundskola: 'Grundskola',
  'anpassad-grundskola': 'Anpassad grundskola',
  specialskola: 'Specialskola',
  sameskola: 'Sameskola',
  gymnasieskola: 'Gymnasieskola',
  'anpassad-gymnasieskola': 'Anpassad gymnasieskola',
  komvux: 'Komvux',
  fritidshem: 'Fritidshem',
};

export const DIMENSION_NAMES: Record<Dimension, string> = {
  alla: 'Alla dialoger',
  typ: 'Huvudmannatyp (enskild/offentlig)',
  huvudmannatyp: 'Huvudmannatyp',
  storlek: 'Storlek (antal barn och elever)',
  'endast-forskola': 'Endast förskola',
  skolform: 'Skolform',
  region: 'Region',
  cykel: 'Cykel',
  omgang: 'Omgång',
  'cykel-omgang': 'Cykel och omgång',
};

function groupNameOne(dim: Dimension, value: string): string {
  if (value === UNKNOWN) return 'Okänd';
  switch (dim) {
    case 'alla':
      return 'Alla dialoger';
    case 'typ':
    case 'huvudmannatyp':
      return TYP_NAMES[value] ?? value;
    case 'storlek':
      return `${value} barn/elever`;
    case 'endast-forskola':
      return value === 'endast-forskola' ? 'Endast förskola' : 'Övriga';
    case 'skolform':
      return SKOLFORM_NAMES[value] ?? value;
    case 'region':
      return value;
    case 'cykel':
      return `Cykel ${value}`;
    case 'omgang':
      return `Omgång ${value}`;
    case 'cykel-omgang': {
      const [c, o] = value.split(':');
      return `Cykel ${c}, omgång ${o}`;
    }
  }
}

/** The Swedish name of a group, for charts and spreadsheets. */
export function groupName(dims: Dimension[], value: string): string {
  if (dims.length <= 1) return groupNameOne(dims[0] ?? 'alla', value);
  return value
    .split(' / ')
    .map((v, i) => groupNameOne(dims[i] ?? 'alla', v))
    .join(' / ');
}

/** "--by typ,storlek" or ["typ"] → dimensions; unknown names are an error with the valid ones. */
export function parseDimensions(by: string | readonly string[] | undefined): Dimension[] {
  if (by === undefined) return ['alla'];
  const list = (typeof by === 'string' ? by.split(',') : [...by]).map((s) => s.trim()).filter(Boolean);
  for (const d of list) if (!isDimension(d)) throw new Error(`okänd indelning "${d}"; välj bland ${DIMENSIONS.join(', ')}`);
  return list.length ? (list as Dimension[]) : ['alla'];
}

// Swedish names of the vocabularies, for labels and tables.
import { HUVUDMAN_TYPER, NOTE_TYPER, REGIONER, SKOLFORMER } from '../ingest/vocabulary.js';
import { DIMENSION_NAMES, DIMENSIONS, SKOLFORM_NAMES, TYP_NAMES } from '../analytics/dimensions.js';

/** As in the reports, but "offentlig" in a filter means every public type. */
export const TYP_NAMN: Record<string, string> = { ...TYP_NAMES, offentlig: 'Offentlig (alla)' };

export const SKOLFORM_NAMN = SKOLFORM_NAMES;

export const NOTE_TYP_NAMN: Record<string, string> = {
  introduktion: 'Introduktionsmöte',
  dialog: 'Dialog',
  aterkoppling: 'Återkoppling',
  uppfoljning: 'Uppföljande möte',
  utforardokumentation: 'Dialogutförarnas dokumentation',
};

export const ROLL_NAMN: Record<string, string> = {
  analys: 'Analys',
  dialog: 'Dialogutförare',
  stod: 'Stödenhet',
  admin: 'Administratör',
};

export const options = {
  typ: [...HUVUDMAN_TYPER, 'offentlig'].map((v) => [v, TYP_NAMN[v] ?? v] as const),
  skolform: SKOLFORMER.map((v) => [v, SKOLFORM_NAMN[v] ?? v] as const),
  region: REGIONER.map((v) => [v, v] as const),
  noteTyp: NOTE_TYPER.map((v) => [v, NOTE_TYP_NAMN[v] ?? v] as const),
  dimension: DIMENSIONS.map((d) => [d, DIMENSION_NAMES[d]] as const),
};

export function skolformer(list: readonly string[]): string {
  return list.map((s) => SKOLFORM_NAMN[s] ?? s).join(', ');
}

export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined) return '–';
  return `${(share * 100).toLocaleString('sv-SE', { maximumFractionDigits: 0 })} %`;
}

export function datum(iso: string): string {
  return iso.slice(0, 10);
}

// Fixed vocabularies of the import format (shared/import-format.md).
export const HUVUDMAN_TYPER = ['enskild', 'kommun', 'region', 'statlig', 'kommunalforbund'] as const;
export const OFFENTLIGA_TYPER = ['kommun', 'region', 'statlig', 'kommunalforbund'] as const;
export const SKOLFORMER = [
  'forskola',
  'forskoleklass',
  'grundskola',
  'anpassad-grundskola',
  'specialskola',
  'sameskola',
  'gymnasieskola',
  'anpassad-gymnasieskola',
  'komvux',
  'fritidshem',
] as const;
export const REGIONER = ['Luleå', 'Härnösand', 'Solna', 'Örebro', 'Göteborg', 'Malmö'] as const;
export const NOTE_TYPER = ['introduktion', 'dialog', 'aterkoppling', 'uppfoljning', 'utforardokumentation'] as const;
export const NOTE_STATUS = ['utkast', 'godkand', 'aterkallad'] as const;

export type HuvudmanTyp = (typeof HUVUDMAN_TYPER)[number];
export type Skolform = (typeof SKOLFORMER)[number];
export type NoteStatus = (typeof NOTE_STATUS)[number];

/** enskild vs offentlig, the split the agencies report on. */
export function huvudmanSektor(typ: string): 'enskild' | 'offentlig' {
  return typ === 'enskild' ? 'enskild' : 'offentlig';
}

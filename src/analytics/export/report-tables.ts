// Every report as tables (for CSV and Excel) and, where it has one, as a bar chart (SVG). Pure.
import type { Brief } from '../brief.js';
import { DIMENSION_NAMES, groupName, type Dimension } from '../dimensions.js';
import type { EmergingReport } from '../emerging.js';
import type { FollowupReport } from '../followups.js';
import type { NetworkReport } from '../networks.js';
import { labelName } from '../labels.js';
import type { QuotesReport } from '../quotes.js';
import type { ChangeReport, CooccurrenceReport, PrevalenceReport } from '../reports.js';
import type { TargetReport } from '../target.js';
import { barChartSvg } from './svg-bar-chart.js';
import type { Column, Table } from './table.js';

export type AnyReport = PrevalenceReport | CooccurrenceReport | ChangeReport | QuotesReport | EmergingReport | Brief | TargetReport | FollowupReport | NetworkReport;

/** What an interval means, in the users' words: shown with every chart and table of shares. */
export const INTERVAL_NOTE =
  'Strecken visar 95 % intervall: andelen ligger med 95 % säkerhet inom dem, med hänsyn till hur säker klassificeringen är för varje dialog. Små grupper ger breda intervall.';

const basisName = (b: string | null) => (b === 'reviewed' ? 'granskad' : b === 'predicted' ? 'förutsagd' : '');
const byName = (by: Dimension[]) => by.map((d) => DIMENSION_NAMES[d]).join(' × ');

const C = (key: string, header: string, kind: Column['kind'] = 'text', width?: number): Column => ({ key, header, kind, ...(width ? { width } : {}) });

function prevalenceTable(r: PrevalenceReport): Table {
  return {
    name: r.report === 'factors' ? 'Framgångsfaktorer' : 'Teman',
    columns: [
      C('group', 'Grupp (id)'), C('label', 'Etikett (id)', 'text', 30), C('share', 'Andel dialoger (skattning)', 'share'), C('low', '95 % intervall, nedre', 'share'), C('high', '95 % intervall, övre', 'share'),
      C('n', 'Dialoger i gruppen (n)', 'int'), C('dialogues', 'Dialoger bedömda att beröra', 'int'), C('reviewedShare', 'Andel på granskade etiketter', 'share'), C('groupName', 'Grupp', 'text', 26), C('labelName', r.report === 'factors' ? 'Framgångsfaktor' : 'Tema', 'text', 50),
    ],
    rows: r.rows.map((x) => ({ ...x, groupName: groupName(r.by, x.group), labelName: labelName(x.label) })),
  };
}

function quotesTable(r: QuotesReport): Table {
  return {
    name: 'Citat',
    columns: [
      C('text', 'Citat', 'text', 90), C('huvudmanId', 'Huvudman'), C('noteId', 'Anteckning'), C('passageId', 'Textavsnitt'), C('labels', 'Etiketter', 'text', 40),
      C('basis', 'Grund'), C('score', 'Poäng', 'number'), C('noteTyp', 'Anteckningstyp'), C('datum', 'Datum'), C('cykel', 'Cykel', 'int'), C('omgang', 'Omgång', 'int'), C('region', 'Region'), C('huvudmanTyp', 'Huvudmannatyp'),
    ],
    rows: r.quotes.map((q) => ({ ...q, basis: basisName(q.basis) })),
  };
}

function emergingTables(r: EmergingReport): Table[] {
  return [
    {
      name: 'Framväxande teman',
      columns: [C('id', 'Kluster', 'int'), C('size', 'Textavsnitt', 'int'), C('huvudman', 'Huvudmän', 'int'), C('cohesion', 'Sammanhållning', 'number'), C('terms', 'Kännetecknande ord', 'text', 60), C('example', 'Exempel', 'text', 90)],
      rows: r.clusters.map((c) => ({ id: c.id, size: c.size, huvudman: c.huvudman, cohesion: c.cohesion, terms: c.terms.map((t) => t.word), example: c.examples[0]?.text ?? '' })),
    },
    {
      name: 'Exempel',
      columns: [C('cluster', 'Kluster', 'int'), C('text', 'Textavsnitt', 'text', 90), C('huvudmanId', 'Huvudman'), C('noteId', 'Anteckning'), C('passageId', 'Textavsnitt (id)')],
      rows: r.clusters.flatMap((c) => c.examples.map((e) => ({ cluster: c.id, ...e }))),
    },
  ];
}

function briefTables(b: Brief): Table[] {
  const h = b.huvudman;
  return [
    {
      name: 'Huvudman',
      columns: [C('field', 'Uppgift', 'text', 24), C('value', 'Värde', 'text', 60)],
      rows: [
        ['Id', h.id], ['Namn', h.namn], ['Typ', h.typ], ['Enskild/offentlig', h.sektor], ['Antal barn och elever', h.antalBarnElever ?? 'okänt'], ['Storleksklass', h.storleksklass ?? 'okänd'],
        ['Skolformer', h.skolformer.join(', ')], ['Endast förskola', h.endastForskola ? 'ja' : 'nej'], ['Region', h.region], ['Kommun', h.kommun ?? ''],
      ].map(([field, value]) => ({ field, value })),
    },
    {
      name: 'Behov',
      columns: [C('label', 'Etikett (id)', 'text', 30), C('name', 'Namn', 'text', 50), C('kind', 'Slag'), C('dialogues', 'Dialoger', 'int'), C('basis', 'Grund')],
      rows: b.needs.map((n) => ({ ...n, kind: n.kind === 'factor' ? 'framgångsfaktor' : 'tema', basis: basisName(n.basis) })),
    },
    {
      name: 'Tidigare dialoger',
      columns: [C('dialogId', 'Dialog'), C('cykel', 'Cykel', 'int'), C('omgang', 'Omgång', 'int'), C('label', 'Etikett (id)', 'text', 30), C('name', 'Namn', 'text', 40), C('basis', 'Grund'), C('evidence', 'Belägg', 'text', 90)],
      rows: b.dialogues.flatMap((d) => d.labels.map((l) => ({ dialogId: d.dialogId, cykel: d.cykel, omgang: d.omgang, label: l.label, name: l.name, basis: basisName(l.basis), evidence: l.evidence.map((e) => e.text) }))),
    },
    {
      name: 'Liknande huvudmän',
      columns: [C('huvudmanId', 'Huvudman'), C('namn', 'Namn', 'text', 36), C('score', 'Likhet', 'number'), C('why', 'Varför', 'text', 60), C('labels', 'Behov som kom upp', 'text', 60)],
      rows: b.similar.map((s) => ({ ...s, labels: s.labels.map((l) => `${l.name} (${l.dialogues})`) })),
    },
    {
      name: 'Lärande exempel',
      columns: [C('text', 'Textavsnitt', 'text', 90), C('huvudmanId', 'Huvudman'), C('noteId', 'Anteckning'), C('cue', 'Signal'), C('matchedNeeds', 'Gemensamma behov', 'text', 40), C('via', 'Hittad via'), C('score', 'Poäng', 'number')],
      rows: b.examples.map((e) => ({ ...e })),
    },
  ];
}

function targetTables(r: TargetReport): Table[] {
  return [
    {
      name: 'Huvudmän',
      columns: [
        C('rank', 'Rang', 'int'), C('huvudmanId', 'Huvudman'), C('namn', 'Namn', 'text', 36), C('typ', 'Typ'), C('region', 'Region'), C('antalBarnElever', 'Barn/elever', 'int'), C('score', 'Poäng', 'number'),
        C('labelScore', 'Etikettpoäng', 'number'), C('textScore', 'Textpoäng', 'number'), C('matchedLabels', 'Behov', 'text', 40), C('dialoguesWithNeed', 'Dialoger med behovet', 'int'), C('dialogues', 'Dialoger', 'int'), C('evidence', 'Belägg', 'text', 90),
      ],
      rows: r.huvudman.map((h) => ({ ...h, evidence: h.evidence.map((e) => e.text) })),
    },
    { name: 'Per region', columns: [C('region', 'Region'), C('huvudman', 'Huvudmän', 'int')], rows: r.byRegion },
    { name: 'Per typ', columns: [C('typ', 'Huvudmannatyp'), C('huvudman', 'Huvudmän', 'int')], rows: r.byTyp },
    { name: 'Enskild-offentlig', columns: [C('sektor', 'Enskild/offentlig'), C('huvudman', 'Huvudmän', 'int')], rows: r.bySektor },
  ];
}

/** One row per follow-up due: what the dialogue leader needs for the meeting, for a mail-merge too. */
function followupTable(r: FollowupReport): Table {
  return {
    name: 'Uppföljningar',
    columns: [
      C('datum', 'Återkoppling (datum)'), C('huvudmanId', 'Huvudman (id)'), C('namn', 'Huvudman', 'text', 40), C('typ', 'Typ'), C('region', 'Region'), C('kommun', 'Kommun'),
      C('prioriterad', 'Prioriterad fråga', 'text', 80), C('behov', 'Behov', 'text', 60), C('sedan', 'Sedan dialogen (återkopplingen)', 'text', 90), C('liknande', 'Liknande huvudmän med samma behov', 'text', 60),
    ],
    rows: r.followups.map((f) => ({
      datum: f.aterkoppling.datum, huvudmanId: f.huvudmanId, namn: f.namn, typ: f.typ, region: f.region, kommun: f.kommun ?? '',
      prioriterad: f.prioritisedQuestion?.text ?? '', behov: f.needs.map((n) => n.name), sedan: f.sinceDialogue.map((p) => p.text).join(' '),
      liknande: f.similar.map((s) => `${s.namn} (${s.sharedNeeds.join(', ')})`),
    })),
  };
}

/** The invitation list (for the mail-merge) and the proposed groups with their agendas. */
function networkTables(r: NetworkReport): Table[] {
  const groupOf = new Map(r.groups.flatMap((g) => g.members.map((m) => [m.huvudmanId, g.id] as const)));
  return [
    {
      name: 'Inbjudna',
      columns: [C('huvudmanId', 'Huvudman (id)'), C('namn', 'Huvudman', 'text', 40), C('region', 'Region'), C('kommun', 'Kommun'), C('antalBarn', 'Antal barn', 'int'), C('grupp', 'Föreslagen grupp', 'int'), C('behov', 'Behov', 'text', 60)],
      rows: r.invited.map((m) => ({ ...m, kommun: m.kommun ?? '', grupp: groupOf.get(m.huvudmanId) ?? null, behov: m.needs.map((l) => labelName(l)) })),
    },
    {
      name: 'Grupper',
      columns: [C('id', 'Grupp', 'int'), C('regioner', 'Regioner'), C('antal', 'Huvudmän', 'int'), C('agenda', 'Gemensamma behov (förslag till dagordning)', 'text', 80), C('likhet', 'Likhet inom gruppen', 'number'), C('medlemmar', 'Huvudmän', 'text', 80)],
      rows: r.groups.map((g) => ({ id: g.id, regioner: g.regions, antal: g.members.length, agenda: g.agenda.map((a) => `${a.name} (${a.members})`), likhet: g.similarity, medlemmar: g.members.map((m) => m.namn) })),
    },
  ];
}

export function reportTables(r: AnyReport): Table[] {
  switch (r.report) {
    case 'factors':
    case 'themes':
      return [prevalenceTable(r)];
    case 'cooccurrence':
      return [
        {
          name: 'Samförekomst',
          columns: [
            C('group', 'Grupp'), C('a', 'Etikett A', 'text', 30), C('b', 'Etikett B', 'text', 30), C('both', 'Dialoger med båda', 'int'), C('dialoguesA', 'Dialoger med A', 'int'), C('dialoguesB', 'Dialoger med B', 'int'),
            C('n', 'Dialoger (n)', 'int'), C('share', 'Andel med båda', 'share'), C('shareOfA', 'Andel av A', 'share'), C('shareOfB', 'Andel av B', 'share'), C('lift', 'Lyft', 'number'), C('jaccard', 'Jaccard', 'number'),
          ],
          rows: r.rows.map((x) => ({ ...x })),
        },
      ];
    case 'change':
      return [
        {
          name: 'Förändring',
          columns: [
            C('group', 'Grupp'), C('label', 'Etikett', 'text', 30), C('period', r.period === 'cykel' ? 'Cykel' : 'Omgång'), C('previous', 'Föregående'), C('dialogues', 'Dialoger som berör', 'int'), C('n', 'Dialoger (n)', 'int'),
            C('share', 'Andel', 'share'), C('previousShare', 'Andel föregående', 'share'), C('changePoints', 'Förändring (procentenheter)', 'number'), C('reviewedShare', 'Andel på granskade etiketter', 'share'),
          ],
          rows: r.rows.map((x) => ({ ...x })),
        },
      ];
    case 'quotes':
      return [quotesTable(r)];
    case 'emerging':
      return emergingTables(r);
    case 'brief':
      return briefTables(r);
    case 'target':
      return targetTables(r);
    case 'followups':
      return [followupTable(r)];
    case 'networks':
      return networkTables(r);
  }
}

/** The report as a bar chart: factors/themes (one bar per group) and change (one bar per period). */
export function reportChart(r: AnyReport): string {
  if (r.report === 'factors' || r.report === 'themes') {
    const what = r.report === 'factors' ? 'framgångsfaktor' : 'tema';
    const labels = [...new Set(r.rows.map((x) => x.label))];
    const groups = [...new Set(r.rows.map((x) => x.group))];
    const byKey = new Map(r.rows.map((x) => [x.group + '\u0000' + x.label, x]));
    const ns = groups.map((g) => `${groupName(r.by, g)}: n = ${r.rows.find((x) => x.group === g)?.n ?? 0}`);
    const decided = r.totals.reviewedDecisions + r.totals.predictedDecisions;
    const basis = decided ? `${Math.round((100 * r.totals.reviewedDecisions) / decided)} % av bedömningarna vilar på granskade etiketter, resten på förutsägelser` : 'inga etiketter';
    const split = r.by.length === 1 && r.by[0] === 'alla' ? '' : `, per ${byName(r.by).toLowerCase()}`;
    return barChartSvg({
      title: `Andel dialoger som berör varje ${what}${split}`,
      description: `Stapeldiagram. För varje ${what} visas den skattade andelen dialoger (godkända anteckningar) som berör den${split}, med 95 % intervall. ${ns.join('; ')}. ${basis}.`,
      categories: labels.map((id) => ({ id, name: labelName(id) })),
      series: groups.map((g) => ({ id: g, name: `${groupName(r.by, g)} (n = ${r.rows.find((x) => x.group === g)?.n ?? 0})` })),
      value: (c, s) => byKey.get(s + '\u0000' + c),
      caption: `Källa: kvalitetsdialogernas godkända anteckningar. ${ns.join('; ')}. ${basis}. ${INTERVAL_NOTE}`,
    });
  }
  if (r.report === 'change') {
    const dims: Dimension[] = [r.period];
    const rows = r.rows.filter((x) => x.group === r.rows[0]?.group);
    const labels = [...new Set(rows.map((x) => x.label))];
    const periods = [...new Set(rows.map((x) => x.period))];
    const byKey = new Map(rows.map((x) => [x.period + '\u0000' + x.label, x]));
    const ns = periods.map((p) => `${groupName(dims, p)}: n = ${rows.find((x) => x.period === p)?.n ?? 0}`);
    return barChartSvg({
      title: `Andel dialoger per ${r.period === 'cykel' ? 'cykel' : 'omgång'}${rows[0] && rows[0].group !== 'alla' ? ` (${rows[0].group})` : ''}`,
      description: `Stapeldiagram. För varje ${r.kind === 'factor' ? 'framgångsfaktor' : 'tema'} visas andelen dialoger som berör den, en stapel per period. ${ns.join('; ')}.`,
      categories: labels.map((id) => ({ id, name: labelName(id) })),
      series: periods.map((p) => ({ id: p, name: groupName(dims, p) })),
      value: (c, s) => byKey.get(s + '\u0000' + c),
      caption: `Källa: kvalitetsdialogernas godkända anteckningar. ${ns.join('; ')}.`,
    });
  }
  throw new Error(`diagram (svg) finns för factors, themes och change, inte för ${r.report}`);
}

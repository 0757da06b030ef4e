#!/usr/bin/env node
// The command-line interface. Thin: parses arguments, calls the core, prints JSON (--json) or
// Swedish text for people. Progress goes to stderr.
import { guardText } from '../privacy/egress-guard.js';
import { Command } from 'commander';
import { z } from 'zod';
import { formatIssues } from '../ingest/bundle-schema.js';
import { markSpans } from '../search/highlight.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { audit } from '../api/audit.js';
import { DIMENSIONS } from '../analytics/dimensions.js';
import type { Period } from '../analytics/change.js';
import type { AnyReport, ExportFormat } from '../analytics/export/index.js';
import type { ClassifyOutput } from '../classify/classifier.js';
import { loadCodebook } from '../codebook/index.js';
import { searchFiltersSchema, type SearchFilters } from '../search/filters.js';
import type { Service } from '../service.js';
import { closeDb, openDb, type Db } from '../store/db.js';
import { collectStats } from '../store/stats.js';

const program = new Command();
program
  .name('dialogkunskap')
  .description('Kunskap ur kvalitetsdialogernas anteckningar')
  .option('--db <file>', 'databasfil (standard: $DIALOGKUNSKAP_DB eller data/dialogkunskap.db)')
  .option('--json', 'skriv maskinläsbar JSON på stdout')
  .showHelpAfterError();

interface GlobalOpts {
  db?: string;
  json?: boolean;
}

function globals(): GlobalOpts {
  return program.opts<GlobalOpts>();
}

async function withDb<T>(fn: (db: Db) => Promise<T> | T): Promise<T> {
  const db = openDb(globals().db);
  try {
    return await fn(db);
  } finally {
    closeDb(db);
  }
}

async function withService<T>(fn: (s: Service) => Promise<T> | T): Promise<T> {
  // Loaded here, not at start-up: the model, the indexes and the classifier are for the commands that use them.
  const { Service } = await import('../service.js');
  const service = await Service.open({ db: globals().db, actor: 'cli' });
  try {
    return await fn(service);
  } finally {
    service.close();
  }
}

/** Who the audit log names for command-line work. */
const actor = () => `cli:${process.env.USER ?? process.env.LOGNAME ?? 'okänd'}`;

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`förväntade ett heltal, fick "${v}"`);
  return n;
};

/** JSON (with --json, or `asJson`) or the text for people; through the last personnummer check. */
function print(json: unknown, human: () => string, asJson = globals().json): void {
  process.stdout.write(guardText(asJson ? JSON.stringify(json, null, 2) : human(), 'kommandoraden') + '\n');
}

program
  .command('ingest')
  .description('läs in anteckningar (JSON-paket, Markdown, Word) från filer eller mappar')
  .argument('<paths...>', 'filer eller mappar')
  .action(async (paths: string[]) => {
    const report = await withService((service) =>
      service.ingest(paths, {
        onProgress: (done, total) => {
          if (process.stderr.isTTY) process.stderr.write(`\rinläsning: ${done}/${total} filer${done === total ? '\n' : ''}`);
          else if (total >= 20 && (done === total || done % Math.ceil(total / 10) === 0)) process.stderr.write(`inläsning: ${done}/${total} filer\n`);
        },
      }),
    );
    const { changed: _c, unchanged: _u, ...json } = report;
    print({ ...json, changed: report.changed, unchanged: report.unchanged }, () =>
      [
        `Inlästa filer: ${report.imported}`,
        `Anteckningar: ${report.notes.godkand} godkända, ${report.notes.utkast} utkast, ${report.notes.aterkallad} återkallade (${report.changed} nya eller ändrade, ${report.unchanged} oförändrade)`,
        `Textavsnitt: ${report.passages}`,
        ...report.errors.map((e) => `AVVISAD ${e.file}: ${e.message}`),
      ].join('\n'),
    );
    if (report.errors.length) process.exitCode = 1;
  });

program
  .command('stats')
  .description('antal huvudmän, anteckningar per status och textavsnitt')
  .action(async () => {
    const s = await withDb((db) => collectStats(db));
    print(s, () =>
      [
        `Huvudmän: ${s.huvudman}`,
        `Dialoger: ${s.dialogues}`,
        `Anteckningar: ${s.notes.godkand} godkända, ${s.notes.utkast} utkast, ${s.notes.aterkallad} återkallade`,
        `Textavsnitt: ${s.passages}`,
        `Etiketter: ${s.labels.reviewed} granskade, ${s.labels.predicted} förutsagda`,
      ].join('\n'),
    );
  });

/** The filters every listing shares (search, quotes, targeting, reports). */
function withFilters(cmd: Command, opts: { labels?: boolean } = {}): Command {
  cmd
  .option('--typ <typ>', 'huvudmannatyp: enskild, offentlig, kommun, region, statlig, kommunalforbund')
  .option('--skolform <skolform>', 'skolform, t.ex. forskola')
  .option('--endast-forskola', 'bara huvudmän med enbart förskola')
  .option('--region <region>', 'regionkontor')
  .option('--cykel <n>', 'cykel', int)
  .option('--omgang <n>', 'omgång', int)
  .option('--note-typ <typ>', 'anteckningstyp')
  .option('--fran <datum>', 'från datum (ÅÅÅÅ-MM-DD)')
  .option('--till <datum>', 'till datum (ÅÅÅÅ-MM-DD)')
  .option('--min-storlek <n>', 'minsta antal barn/elever', int)
  .option('--max-storlek <n>', 'högsta antal barn/elever', int)
  .option('--huvudman <id>', 'en huvudman');
  if (opts.labels !== false) cmd.option('--factor <id>', 'framgångsfaktor').option('--theme <id>', 'tema');
  return cmd;
}

function filtersFrom(o: Record<string, unknown>, opts: { labels?: boolean } = {}): SearchFilters {
  const raw = Object.fromEntries(
    Object.entries({
      typ: o.typ, skolform: o.skolform, endastForskola: o.endastForskola, region: o.region, cykel: o.cykel, omgang: o.omgang,
      noteTyp: o.noteTyp, franDatum: o.fran, tillDatum: o.till, minStorlek: o.minStorlek, maxStorlek: o.maxStorlek,
      factor: opts.labels === false ? undefined : o.factor, theme: opts.labels === false ? undefined : o.theme, huvudmanId: o.huvudman,
    }).filter(([, v]) => v !== undefined),
  );
  return searchFiltersSchema.parse(raw);
}

withFilters(
  program
    .command('search')
    .description('sök bland godkända textavsnitt')
    .argument('<query...>', 'sökfråga')
    .option('--limit <n>', 'antal träffar', int, 10)
    .option('--mode <mode>', 'hybrid, lexical eller vector', 'hybrid'),
)
  .option('--one-per-note', 'högst en träff per anteckning')
  .action(async (words: string[], o: Record<string, unknown>) => {
    const filters = filtersFrom(o);
    const res = await withService(async (s) => {
      const r = await s.searcher.search({ query: words.join(' '), limit: o.limit as number, mode: o.mode as 'hybrid', filters, onePerNote: !!o.onePerNote });
      audit(s.db, actor(), 'search', { query: words.join(' '), mode: o.mode, filters, via: 'cli' }, r.hits.length);
      return r;
    });
    const json = { hits: res.hits.map(({ highlights: _h, ...h }) => h) };
    print(json, () =>
      res.hits.length
        ? res.hits.map((h, i) => `${i + 1}. ${h.huvudmanId} · ${h.noteId} (${h.score.toFixed(4)})\n   ${markSpans(h.text, h.highlights)}`).join('\n\n')
        : 'Inga träffar.',
    );
  });

program
  .command('similar')
  .description('huvudmän som liknar en huvudman i struktur och behov')
  .argument('<huvudmanId>')
  .option('--limit <n>', 'antal', int, 5)
  .action(async (id: string, o: { limit: number }) => {
    const { similarHuvudman } = await import('../search/similar.js');
    const similar = await withService((s) => similarHuvudman(s.db, s.catalog, s.vectors, id, o.limit));
    print({ similar: similar.map(({ huvudmanId, score, why }) => ({ huvudmanId, score, why })) }, () =>
      similar.map((h, i) => `${i + 1}. ${h.huvudmanId} ${h.namn} (${h.score.toFixed(3)}): ${h.why}`).join('\n'),
    );
  });

// ---------------------------------------------------------------- classification and review

async function readInput(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFileSync(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

program
  .command('classify')
  .description('klassificera fri text (fil eller stdin) mot framgångsfaktorer och teman utan att spara den')
  .argument('[file]', 'textfil, eller - för stdin', '-')
  .action(async (file: string) => {
    const text = (await readInput(file)).trim();
    if (!text) throw new Error('ingen text att klassificera (tom fil eller tom stdin)');
    const out = await withService(async (s) => {
      const clf = await s.classifier();
      return clf.toOutput((await clf.classifyText(text)).note);
    });
    const line = (l: ClassifyOutput['factors'][number]) =>
      `${l.predicted ? '✔' : ' '} ${l.id.padEnd(30)} ${l.score.toFixed(2)}${l.predicted && l.evidence.length ? `\n    ${l.evidence.map((e) => `”${e}”`).join('\n    ')}` : ''}`;
    print(out, () => ['Framgångsfaktorer:', ...out.factors.map(line), '', 'Teman:', ...out.themes.map(line)].join('\n'));
  });

program
  .command('review')
  .description('granska en etikett på ett textavsnitt eller en anteckning: lägg till, ta bort eller bekräfta')
  .argument('<id>', 'textavsnittets id (anteckning:pN) eller anteckningens id')
  .option('--add <label>', 'etiketten gäller (läggs till)')
  .option('--remove <label>', 'etiketten gäller inte')
  .option('--confirm <label>', 'bekräfta den föreslagna etiketten')
  .option('--by <name>', 'vem som granskar', process.env.USER ?? 'okänd')
  .action(async (id: string, o: { add?: string; remove?: string; confirm?: string; by: string }) => {
    const actions = (['add', 'remove', 'confirm'] as const).filter((a) => o[a] !== undefined);
    if (actions.length !== 1) throw new Error('ange exakt en av --add, --remove och --confirm');
    const action = actions[0]!;
    const res = await withService(async (s) => {
      const r = s.review({ targetId: id, labelId: o[action]!, action, by: o.by });
      const retrained = await s.retrainIfDue();
      return { ...r, retrained: retrained ? retrained.modelId !== null : false };
    });
    const verb = { add: 'lagd till', remove: 'borttagen', confirm: 'bekräftad' }[action];
    print(res, () =>
      [
        `Etiketten ${res.labelId} är ${verb} på ${res.targetKind === 'passage' ? 'textavsnittet' : 'anteckningen'} ${res.targetId} (av ${res.reviewer}).`,
        res.predicted ? `Klassificeraren hade ${res.predicted.positive ? '' : 'inte '}föreslagit den (${res.predicted.score?.toFixed(2) ?? '–'}).` : '',
        res.retrained ? 'Tillräckligt många nya granskningar: klassificeraren är omtränad och förslagen uppdaterade.' : '',
      ].filter(Boolean).join('\n'),
    );
  });

program
  .command('train')
  .description('träna klassificeraren på alla granskade etiketter och uppdatera förslagen')
  .option('--no-reclassify', 'uppdatera inte de lagrade förslagen')
  .action(async (o: { reclassify: boolean }) => {
    const r = await withService((s) => s.train({ reclassify: o.reclassify, onProgress: progress('omklassificering', 'anteckningar') }));
    print(r, () =>
      r.modelId === null
        ? 'Inga granskade etiketter att träna på; klassificeraren använder startregeln.'
        : `Modell ${r.modelId} tränad på ${r.passages} textavsnitt (${r.reviewedLabels} granskade etiketter).` +
          (r.reclassified ? ` ${r.reclassified.passages} textavsnitt omklassificerade.` : ''),
    );
  });

program
  .command('redact')
  .description('granska lagrad text mot de aktuella reglerna för personuppgifter')
  .option('--rescan', 'ta bort personuppgifter som nyare regler hittar i lagrad text, sökindex, inbäddningar, evidens och granskningslogg')
  .action(async (o: { rescan?: boolean }) => {
    if (!o.rescan) throw new Error('ange --rescan för att granska om lagrad text');
    const r = await withService((s) => s.rescanRedaction());
    const { changedPassageNums: _nums, ...summary } = r;
    print(summary, () =>
      `Regelversion ${r.version}: ${r.notes} anteckningar granskade, ${r.changedNotes} ändrade (${r.changedPassages} textavsnitt inbäddade på nytt), ` +
      `${r.evidenceRewritten} evidensrader och ${r.auditRowsRewritten} loggrader omskrivna. Databasen är komprimerad och vektorindexet ombyggt.`,
    );
  });

program
  .command('reclassify')
  .description('klassificera alla godkända anteckningar igen (efter ändrad kodbok eller modell)')
  .action(async () => {
    const r = await withService((s) => s.reclassify(progress('omklassificering', 'anteckningar')));
    print(r, () => `${r.notes} anteckningar och ${r.passages} textavsnitt omklassificerade (${r.labels} förslag sparade). Granskade etiketter är orörda.`);
  });

function progress(what: string, unit: string) {
  return (done: number, total: number) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${what}: ${done}/${total} ${unit}${done === total ? '\n' : ''}`);
    else if (done === total || done % Math.max(1, Math.ceil(total / 10)) < 100) process.stderr.write(`${what}: ${done}/${total} ${unit}\n`);
  };
}

// ---------------------------------------------------------------- analytics

withFilters(
  program
    .command('report')
    .description('andel dialoger som berör varje framgångsfaktor eller tema, per grupp')
    .argument('<kind>', 'factors, themes, cooccurrence eller change')
    .option('--by <dimensions>', `dela upp efter ${DIMENSIONS.filter((d) => d !== 'alla').join(', ')} (flera med komma)`)
    .option('--kind <kind>', 'för cooccurrence och change: factor eller theme', 'factor')
    .option('--period <period>', 'för change: omgang eller cykel', 'omgang')
    .option('--format <format>', `json, csv, xlsx eller svg (utan --format: en tabell för människor, eller JSON med --json)`)
    .option('--out <file>', 'skriv exporten till en fil'),
  { labels: false },
).action(async (kind: string, o: Record<string, unknown>) => {
  const kinds = ['factors', 'themes', 'cooccurrence', 'change'] as const;
  if (!kinds.includes(kind as (typeof kinds)[number])) throw new Error(`okänd rapport "${kind}"; välj factors, themes, cooccurrence eller change`);
  const format = (o.format ?? 'json') as ExportFormat;
  const { EXPORT_FORMATS, exportReport } = await import('../analytics/export/index.js');
  const { changeReport, cooccurrenceReport, labelReport } = await import('../analytics/reports.js');
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`okänt format "${String(o.format)}"; välj ${EXPORT_FORMATS.join(', ')}`);
  if ((format === 'xlsx' || format === 'svg') && !o.out) throw new Error(`formatet ${format} skrivs till en fil: ange --out FIL`);
  const by = typeof o.by === 'string' ? o.by : undefined;
  const filters = filtersFrom(o, { labels: false });
  const report = await withDb((db) => {
    const opts = { by, filters };
    const r =
      kind === 'factors' ? labelReport(db, 'factor', opts)
      : kind === 'themes' ? labelReport(db, 'theme', opts)
      : kind === 'cooccurrence' ? cooccurrenceReport(db, o.kind as 'factor', opts)
      : changeReport(db, o.kind as 'factor', { ...opts, period: o.period as Period });
    audit(db, actor(), 'report', { report: kind, by, filters, format, via: 'cli' }, r.rows.length);
    return r;
  });
  if (o.out || format !== 'json') {
    const data = await exportReport(report, format, { csv: { bom: true, delimiter: ';', headers: 'swedish' } });
    if (o.out) {
      writeFileSync(o.out as string, data);
      process.stderr.write(`skrev ${o.out as string}\n`);
      return;
    }
    process.stdout.write(data);
    return;
  }
  // An explicit --format json prints JSON, as the format says; without it people get the table.
  print(report, () => prevalenceText(report), globals().json || o.format === 'json');
});

function prevalenceText(report: AnyReport): string {
  if (report.report !== 'factors' && report.report !== 'themes') return JSON.stringify(report, null, 2);
  const cb = loadCodebook();
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const head = `${'grupp'.padEnd(20)} ${'etikett'.padEnd(48)} ${'andel'.padStart(6)}  ${'95 % intervall'.padEnd(14)} ${'n'.padStart(5)}`;
  const rows = report.rows.map(
    (r) => `${r.group.padEnd(20)} ${(cb.byId.get(r.label)?.name ?? r.label).padEnd(48)} ${pct(r.share).padStart(6)}  ${`${pct(r.low)}–${pct(r.high)}`.padEnd(14)} ${String(r.n).padStart(5)}`,
  );
  return [head, ...rows, '', 'Andelen är skattad ur klassificeringens sannolikheter per dialog (granskade etiketter räknas som säkra); 95 % intervall.'].join('\n');
}

withFilters(
  program
    .command('quotes')
    .description('representativa citat från många olika huvudmän för en faktor, ett tema eller en fråga')
    .option('--factor <id>', 'framgångsfaktor')
    .option('--theme <id>', 'tema')
    .option('--query <text>', 'sökfråga')
    .option('--limit <n>', 'antal citat', int, 10),
  { labels: false },
).action(async (o: Record<string, unknown>) => {
  if (!o.factor && !o.theme && !o.query) throw new Error('ange --factor, --theme eller --query');
  const r = await withService(async (s) => {
    const { quotes } = await import('../analytics/quotes.js');
    const q = await quotes(s, { factor: o.factor as string | undefined, theme: o.theme as string | undefined, query: o.query as string | undefined, limit: o.limit as number, filters: filtersFrom(o, { labels: false }) });
    audit(s.db, actor(), 'quotes', { factor: o.factor, theme: o.theme, query: o.query, via: 'cli' }, q.quotes.length);
    return q;
  });
  print(r, () =>
    [`${r.quotes.length} citat från ${r.huvudman} huvudmän (av ${r.huvudmanAvailable} möjliga)`, '', ...r.quotes.map((q, i) => `${i + 1}. ”${q.text}”\n   — ${q.huvudmanId}, ${q.noteId} (${q.datum})`)].join('\n'),
  );
});

program
  .command('emerging')
  .description('nya teman: textavsnitt som kodboken passar dåligt, i grupper')
  .option('--k <n>', 'antal grupper (standard: väljs automatiskt)', int)
  .action(async (o: { k?: number }) => {
    const { emergingThemes } = await import('../analytics/emerging.js');
    const r = await withDb((db) => {
      const e = emergingThemes(db, { k: o.k });
      audit(db, actor(), 'emerging', { k: o.k, via: 'cli' }, e.clusters.length);
      return e;
    });
    print(r, () =>
      [
        `${r.poorlyFitting} av ${r.passages} textavsnitt passar dåligt i kodboken; ${r.clusters.length} ${r.clusters.length === 1 ? "grupp" : "grupper"}:`,
        ...r.clusters.map(
          (c) =>
            `\n${c.id}. ${c.terms.slice(0, 6).map((t) => t.term).join(', ')} — ${c.size} textavsnitt, ${c.huvudman} huvudmän\n` +
            c.examples.slice(0, 2).map((e) => `   ”${e.text}”`).join('\n'),
        ),
      ].join('\n'),
    );
  });

program
  .command('brief')
  .description('underlag inför dialogen med en huvudman')
  .argument('<huvudmanId>')
  .action(async (id: string) => {
    const b = await withService(async (s) => {
      if (!s.db.$client.prepare(`SELECT 1 FROM huvudman WHERE id = ?`).get(id)) throw new Error(`huvudmannen "${id}" finns inte`);
      const { preDialogueBrief } = await import('../analytics/brief.js');
      const r = await preDialogueBrief(s, id);
      audit(s.db, actor(), 'brief', { huvudmanId: id, via: 'cli' }, r.dialogues.length);
      return r;
    });
    const h = b.huvudman;
    print(b, () =>
      [
        `${h.namn} (${h.id}) — ${h.typ}, ${h.region}${h.kommun ? `, ${h.kommun}` : ''}, ${h.antalBarnElever ?? '?'} barn/elever, ${h.skolformer.join(', ')}`,
        '',
        'Behov i tidigare dialoger:',
        ...b.needs.map((n) => `  ${n.name} (${n.dialogues} dialog${n.dialogues === 1 ? '' : 'er'}${n.basis === 'reviewed' ? ', granskat' : ', förslag'})`),
        '',
        'Liknande huvudmän:',
        ...b.similar.map((x) => `  ${x.namn} (${x.huvudmanId}): ${x.why}`),
        '',
        'Lärande exempel:',
        ...b.examples.map((e) => `  ”${e.text}” — ${e.huvudmanId}`),
      ].join('\n'),
    );
  });

withFilters(
  program
    .command('target')
    .description('vilka huvudmän behöver ett stöderbjudande? (fri text och/eller faktorer och teman)')
    .argument('[text...]', 'erbjudandets beskrivning')
    .option('--factor <ids>', 'framgångsfaktorer (komma)')
    .option('--theme <ids>', 'teman (komma)')
    .option('--limit <n>', 'antal huvudmän', int, 20),
  { labels: false },
).action(async (words: string[], o: Record<string, unknown>) => {
  const text = words.join(' ').trim();
  const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);
  const factors = list(o.factor);
  const themes = list(o.theme);
  if (!text && !factors.length && !themes.length) throw new Error('ange en text, --factor eller --theme');
  const r = await withService(async (s) => {
    const { targetSupport } = await import('../analytics/target.js');
    const t = await targetSupport(s, { text: text || undefined, factors, themes, limit: o.limit as number, filters: filtersFrom(o, { labels: false }) });
    audit(s.db, actor(), 'target', { text: text || undefined, factors, themes, via: 'cli' }, t.total);
    return t;
  });
  print(r, () =>
    [
      `${r.total} huvudmän. Per region: ${r.byRegion.map((x) => `${x.region} ${x.huvudman}`).join(', ')}`,
      `Per typ: ${r.byTyp.map((x) => `${x.typ} ${x.huvudman}`).join(', ')}`,
      '',
      ...r.huvudman.map((h) => `${h.rank}. ${h.namn} (${h.huvudmanId}, ${h.typ}, ${h.region}) ${h.score.toFixed(2)}${h.matchedLabels.length ? ` — ${h.matchedLabels.join(', ')}` : ''}`),
    ].join('\n'),
  );
});

program
  .command('followups')
  .description('uppföljande möten: huvudmän vars återkoppling var för 5–7 månader sedan (eller i ett valt fönster)')
  .option('--region <regioner>', 'bara dessa regioner (komma)')
  .option('--from <datum>', 'återkoppling tidigast (ÅÅÅÅ-MM-DD)')
  .option('--to <datum>', 'återkoppling senast (ÅÅÅÅ-MM-DD)')
  .option('--today <datum>', 'räkna fönstret från detta datum i stället för i dag')
  .option('--format <format>', 'json eller csv (standard: text, eller JSON med --json)')
  .option('--out <file>', 'skriv CSV till en fil')
  .action(async (o: { region?: string; from?: string; to?: string; today?: string; format?: string; out?: string }) => {
    if (o.format !== undefined && o.format !== 'json' && o.format !== 'csv') throw new Error(`okänt format "${o.format}"; välj json eller csv`);
    const r = await withService(async (s) => {
      const { followupsDue } = await import('../analytics/followups.js');
      const f = await followupsDue(s, { regions: o.region?.split(',').map((x) => x.trim()).filter(Boolean), from: o.from, to: o.to, today: o.today });
      audit(s.db, actor(), 'followups', { regions: f.regions, window: f.window, via: 'cli' }, f.followups.length);
      return f;
    });
    if (o.format === 'csv') {
      const { exportReport } = await import('../analytics/export/index.js');
      const data = guardText(String(await exportReport(r, 'csv', { csv: { bom: true, delimiter: ';', headers: 'swedish' } })), 'kommandoraden');
      if (o.out) writeFileSync(o.out, data);
      else process.stdout.write(data);
      return;
    }
    print(r, () =>
      [
        `${r.followups.length} uppföljningar, återkoppling ${r.window.from} – ${r.window.to}${r.regions ? ` i ${r.regions.join(', ')}` : ''}`,
        ...r.followups.map((f) =>
          [
            '',
            `${f.aterkoppling.datum}  ${f.namn} (${f.huvudmanId}, ${f.region})`,
            f.prioritisedQuestion ? `  Prioriterad fråga: ${f.prioritisedQuestion.text}` : '  Prioriterad fråga: (ingen angiven i anteckningarna)',
            `  Behov: ${f.needs.map((n) => n.name).join(', ') || '(inga)'}`,
            ...(f.sinceDialogue[0] ? [`  Sedan dialogen: ${f.sinceDialogue[0].text}`] : []),
            ...(f.similar.length ? [`  Liknande med samma behov: ${f.similar.map((x) => `${x.namn} (${x.sharedNeeds.join(', ')})`).join('; ')}`] : []),
          ].join('\n'),
        ),
      ].join('\n'),
      o.format === 'json' ? true : undefined,
    );
  });

program
  .command('networks')
  .description('nätverk för små förskolor: inbjudningslistan (enskild, bara förskola, högst 50 barn) och förslag till grupper med gemensamma behov')
  .option('--region <regioner>', 'bara dessa regioner (komma)')
  .option('--size <n>', 'önskad gruppstorlek (standard 8)', int)
  .option('--format <format>', 'json eller csv (standard: text, eller JSON med --json)')
  .option('--out <file>', 'skriv CSV till en fil')
  .action(async (o: { region?: string; size?: number; format?: string; out?: string }) => {
    if (o.format !== undefined && o.format !== 'json' && o.format !== 'csv') throw new Error(`okänt format "${o.format}"; välj json eller csv`);
    const { networks } = await import('../analytics/networks.js');
    const r = await withDb((db) => {
      const n = networks(db, { regions: o.region?.split(',').map((x) => x.trim()).filter(Boolean), size: o.size });
      audit(db, actor(), 'networks', { regions: n.regions, size: o.size, via: 'cli' }, n.invited.length);
      return n;
    });
    if (o.format === 'csv') {
      const { csvTables } = await import('../analytics/export/index.js');
      const tables = csvTables(r, { bom: true, delimiter: ';', headers: 'swedish' });
      const data = guardText(tables.map((t) => t.csv).join('\n'), 'kommandoraden');
      if (o.out) writeFileSync(o.out, data);
      else process.stdout.write(data);
      return;
    }
    print(r, () =>
      [
        `${r.invited.length} huvudmän bjuds in (${r.rule})${r.regions ? ` i ${r.regions.join(', ')}` : ''}.`,
        `Likhet i behov inom grupperna: ${r.similarity.proposed.toFixed(2)} (slumpade grupper av samma storlek: ${r.similarity.random.toFixed(2)})`,
        ...r.groups.map((g) =>
          ['', `Grupp ${g.id}, ${g.regions.join(', ')} (${g.members.length} huvudmän)`, `  Gemensamma behov: ${g.agenda.map((a) => a.name).join(', ') || '(inga som minst hälften delar)'}`, ...g.members.map((m) => `  - ${m.namn} (${m.huvudmanId}, ${m.region}, ${m.antalBarn} barn)`)].join('\n'),
        ),
      ].join('\n'),
      o.format === 'json' ? true : undefined,
    );
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`fel: ${e instanceof z.ZodError ? formatIssues(e) : (e as Error).message}\n`);
  process.exitCode = 2;
});

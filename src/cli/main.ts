#!/usr/bin/env node
// The command-line interface. Thin: parses arguments, calls the core, prints JSON (--json) or
// Swedish text for people. Progress goes to stderr.
import { Command } from 'commander';
import { z } from 'zod';
import { formatIssues } from '../ingest/bundle-schema.js';
import { markSpans } from '../search/highlight.js';
import { similarHuvudman } from '../search/similar.js';
import { Service } from '../service.js';
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
  const service = await Service.open({ db: globals().db, actor: 'cli' });
  try {
    return await fn(service);
  } finally {
    service.close();
  }
}

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`förväntade ett heltal, fick "${v}"`);
  return n;
};

function print(json: unknown, human: () => string): void {
  process.stdout.write(globals().json ? JSON.stringify(json, null, 2) + '\n' : human() + '\n');
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

program
  .command('search')
  .description('sök bland godkända textavsnitt')
  .argument('<query...>', 'sökfråga')
  .option('--limit <n>', 'antal träffar', int, 10)
  .option('--mode <mode>', 'hybrid, lexical eller vector', 'hybrid')
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
  .option('--factor <id>', 'framgångsfaktor')
  .option('--theme <id>', 'tema')
  .option('--huvudman <id>', 'en huvudman')
  .option('--one-per-note', 'högst en träff per anteckning')
  .action(async (words: string[], o: Record<string, unknown>) => {
    const filters = Object.fromEntries(
      Object.entries({
        typ: o.typ, skolform: o.skolform, endastForskola: o.endastForskola, region: o.region, cykel: o.cykel, omgang: o.omgang,
        noteTyp: o.noteTyp, franDatum: o.fran, tillDatum: o.till, minStorlek: o.minStorlek, maxStorlek: o.maxStorlek,
        factor: o.factor, theme: o.theme, huvudmanId: o.huvudman,
      }).filter(([, v]) => v !== undefined),
    );
    const res = await withService((s) =>
      s.searcher.search({ query: words.join(' '), limit: o.limit as number, mode: o.mode as 'hybrid', filters, onePerNote: !!o.onePerNote }),
    );
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
    const similar = await withService((s) => similarHuvudman(s.db, s.catalog, s.vectors, id, o.limit));
    print({ similar: similar.map(({ huvudmanId, score, why }) => ({ huvudmanId, score, why })) }, () =>
      similar.map((h, i) => `${i + 1}. ${h.huvudmanId} ${h.namn} (${h.score.toFixed(3)}): ${h.why}`).join('\n'),
    );
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`fel: ${e instanceof z.ZodError ? formatIssues(e) : (e as Error).message}\n`);
  process.exitCode = 2;
});

#!/usr/bin/env node
// The command-line interface. Thin: parses arguments, calls the core, prints JSON (--json) or
// Swedish text for people. Progress goes to stderr.
import { Command } from 'commander';
import { ingestPaths } from '../ingest/ingest.js';
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

function print(json: unknown, human: () => string): void {
  process.stdout.write(globals().json ? JSON.stringify(json, null, 2) + '\n' : human() + '\n');
}

program
  .command('ingest')
  .description('läs in anteckningar (JSON-paket, Markdown, Word) från filer eller mappar')
  .argument('<paths...>', 'filer eller mappar')
  .action(async (paths: string[]) => {
    const report = await withDb((db) =>
      ingestPaths(db, paths, {
        onProgress: (done, total) => {
          if (process.stderr.isTTY || total > 20) process.stderr.write(`\rinläsning: ${done}/${total} filer`);
          if (done === total && (process.stderr.isTTY || total > 20)) process.stderr.write('\n');
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

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`fel: ${(e as Error).message}\n`);
  process.exitCode = 2;
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'dk-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A valid bundle with one approved note; override parts per test. */
export function makeBundle(over: { huvudman?: Record<string, unknown>; dialog?: Record<string, unknown>; note?: Record<string, unknown> } = {}) {
  return {
    huvudman: {
      id: 'hm-test-1',
      namn: 'Föräldrakooperativet Testet ek. för.',
      orgnr: '769612-3456',
      typ: 'enskild',
      juridisk_form: 'ekonomisk förening',
      antal_barn_elever: 38,
      skolformer: ['forskola'],
      region: 'Göteborg',
      kommun: 'Kungälv',
      ...over.huvudman,
    },
    dialog: { cykel: 1, omgang: 8, ...over.dialog },
    notes: [
      {
        id: 'hm-test-1-n1',
        typ: 'dialog',
        datum: '2024-03-12',
        status: 'godkand',
        deltagare: [{ namn: 'Maria Holm', roll: 'rektor' }],
        text:
          'Rektor Maria Holm beskrev att styrelsen byts ut varje år och att ansvaret för kvalitetsarbetet t.ex. dokumentationen hamnar hos henne.\n\n' +
          'Förskolan vill utveckla det systematiska kvalitetsarbetet. Kontakt: maria.holm@testet.se eller 070-412 33 18.',
        ...over.note,
      },
    ],
  };
}

/** Every file below dir, read as bytes (the database, its WAL, indexes …). */
export function allFileBytes(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...allFileBytes(full));
    else out.push({ file: full, bytes: readFileSync(full) });
  }
  return out;
}

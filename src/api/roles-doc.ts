// Writes docs/roles.md from the permission matrix and the API's routes (`npm run -s docs:roles`);
// a test checks that the committed file is up to date.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, ROLE_NAMES } from '../auth/roles.js';
import type { Service } from '../service.js';
import { createApp } from './app.js';
import { matrixMarkdown, PERMISSIONS } from './permissions.js';
import { NAV } from '../web/layout.js';

export function rolesDoc(): string {
  // Listing the routes needs no database: the app is only built, never asked.
  const { routes } = createApp({ db: {} } as unknown as Service, { rateLimit: false });
  const perm = (p: (typeof routes)[number]['permission']) => (p === 'public' ? 'ingen inloggning' : p === null ? 'inloggad (alla roller)' : `\`${p}\``);
  const who = (p: (typeof routes)[number]['permission']) =>
    p === 'public' ? 'alla' : p === null ? ROLES.join(', ') : (PERMISSIONS[p].roles as readonly string[]).join(', ');
  return [
    '# Roller och behörigheter',
    '',
    'Genererad från `src/api/permissions.ts` (matrisen som data) med `npm run -s docs:roles`; ändra där, inte här.',
    'API:ts mellanprogram, webbgränssnittets meny och testerna (varje cell) läser samma tabell.',
    '',
    '## Roller',
    '',
    ...ROLES.map((r) => `- \`${r}\` – ${ROLE_NAMES[r]}`),
    '',
    '## Matris',
    '',
    matrixMarkdown(),
    '',
    '## Anrop och behörighet',
    '',
    '| anrop | behörighet | roller |',
    '|---|---|---|',
    ...routes.map((r) => `| \`${r.method} ${r.path}\` | ${perm(r.permission)} | ${who(r.permission)} |`),
    '',
    '## Webbgränssnittets sidor',
    '',
    'Menyn visar bara sidor som rollen får använda; en sida utanför behörigheten svarar 403.',
    '',
    '| sida | behörighet | roller |',
    '|---|---|---|',
    ...NAV.map((n) => `| [${n.text}](${n.href}) \`${n.href}\` | ${perm(n.permission)} | ${who(n.permission)} |`),
    '',
    'Varje sökning, export, underlag (brief) och granskning skrivs till granskningsloggen (vem, när, vad som efterfrågades, hur många träffar) – aldrig anteckningarnas text. Administratörer läser loggen med `GET /api/audit` eller på sidan Logg.',
    '',
  ].join('\n');
}

const README_START = '<!-- roles-matrix:start -->';
const README_END = '<!-- roles-matrix:end -->';

/** The README with its role matrix block replaced by the current matrix. */
export function readmeWithMatrix(readme: string): string {
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) throw new Error('README.md has no roles-matrix block');
  return readme.slice(0, a + README_START.length) + '\n' + matrixMarkdown() + '\n' + readme.slice(b);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  writeFileSync(resolve(root, 'docs/roles.md'), rolesDoc());
  writeFileSync(resolve(root, 'README.md'), readmeWithMatrix(readFileSync(resolve(root, 'README.md'), 'utf8')));
  process.stdout.write(`skrev docs/roles.md och rollmatrisen i README.md\n`);
}

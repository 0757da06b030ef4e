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
  const perm = (p: (typeof routes)[number]['permission']) => (p === 'public' ? 'no sign-in' : p === null ? 'signed in (any role)' : `\`${p}\``);
  const who = (p: (typeof routes)[number]['permission']) =>
    p === 'public' ? 'everyone' : p === null ? ROLES.join(', ') : (PERMISSIONS[p].roles as readonly string[]).join(', ');
  return [
    '# Roles and permissions',
    '',
    'Generated from `src/api/permissions.ts` (the matrix as data) by `npm run -s docs:roles`; change it there, not here.',
    'The API middleware, the web menu and the tests (every cell) read the same table. Permission names are the Swedish texts users see.',
    '',
    '## Roles',
    '',
    ...ROLES.map((r) => `- \`${r}\` – ${ROLE_NAMES[r]}`),
    '',
    '## Matrix',
    '',
    matrixMarkdown(),
    '',
    '## Endpoints and permissions',
    '',
    '| endpoint | permission | roles |',
    '|---|---|---|',
    ...routes.map((r) => `| \`${r.method} ${r.path}\` | ${perm(r.permission)} | ${who(r.permission)} |`),
    '',
    '## Web UI pages',
    '',
    'The menu shows only the pages a role may use; any other page answers 403.',
    '',
    '| page | permission | roles |',
    '|---|---|---|',
    ...NAV.map((n) => `| [${n.text}](${n.href}) \`${n.href}\` | ${perm(n.permission)} | ${who(n.permission)} |`),
    '',
    'Every search, export, brief and review is written to the audit log (who, when, what was asked, how many results), never note text. Admins read it with `GET /api/audit` or on the Logg page.',
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

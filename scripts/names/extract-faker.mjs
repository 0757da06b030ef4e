#!/usr/bin/env node
// Extracts Latin-script person first names and last names from an installed @faker-js/faker.
// Documentation of a data source only: nothing at runtime needs faker, and it is not a dependency
// of this project. Usage:
//   mkdir /tmp/fk && cd /tmp/fk && npm init -y && npm i @faker-js/faker@10.6.0
//   node scripts/names/extract-faker.mjs /tmp/fk/node_modules/@faker-js/faker > scripts/names/faker-names.json
// Output: { fakerVersion, locales: { <locale>: { first: [...], last: [...] } } }, each list sorted and
// deduplicated; names not wholly in Latin script (plus apostrophe, hyphen, space) are dropped.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? 'node_modules/@faker-js/faker');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entry = pkg.exports?.['.']?.default ?? pkg.exports?.['.']?.import ?? pkg.main ?? 'dist/index.js';
const faker = await import(pathToFileURL(join(root, entry)).href);

// Locales whose person names concern the population of Sweden and are (at least partly) in Latin script.
export const LOCALES = [
  'sv', 'nb_NO', 'da', 'fi',
  'de', 'de_AT', 'de_CH', 'nl', 'nl_BE', 'fr', 'fr_BE', 'fr_CA', 'fr_CH', 'fr_LU', 'fr_SN',
  'en', 'en_GB', 'en_US', 'en_IE', 'en_AU', 'en_CA', 'en_ZA', 'en_GH', 'en_NG', 'en_IN', 'en_NP', 'en_HK',
  'es', 'es_MX', 'pt_BR', 'pt_PT', 'it', 'ro', 'ro_MD',
  'pl', 'cs_CZ', 'sk', 'sl_SI', 'hr', 'sr_RS_latin', 'hu', 'lv',
  'tr', 'az', 'uz_UZ_latin', 'ku_kmr_latin',
  'vi', 'id_ID', 'yo_NG', 'zu_ZA', 'af_ZA', 'cy',
];

const LATIN = /^[\p{Script=Latin}\p{M}'’ .-]+$/u;
function collect(def) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === 'string') { if (LATIN.test(v) && /\p{L}/u.test(v)) out.add(v.normalize('NFC').trim()); }
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(def);
  return [...out].sort((a, b) => a.localeCompare(b, 'sv'));
}

const result = { fakerVersion: pkg.version, locales: {} };
for (const loc of LOCALES) {
  const person = faker.allLocales?.[loc]?.person;
  if (!person) continue;
  // first_name / last_name are arrays or { generic, female, male } objects of arrays.
  const first = collect(person.first_name);
  const last = collect(person.last_name);
  if (first.length || last.length) result.locales[loc] = { first, last };
}
// One line per list keeps the snapshot diffable.
const lines = Object.entries(result.locales).map(([loc, v]) =>
  `  ${JSON.stringify(loc)}: {\n    "first": ${JSON.stringify(v.first)},\n    "last": ${JSON.stringify(v.last)}\n  }`);
process.stdout.write(`{\n  "fakerVersion": ${JSON.stringify(result.fakerVersion)},\n  "locales": {\n${lines.join(',\n')}\n  }\n}\n`);

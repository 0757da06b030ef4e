#!/usr/bin/env node
// Second word-list check: which names of the built lists are ordinary (lower-case) words in @cspell/dict-sv
// (a full-form list, so it has inflected forms dictionary-sv's stems miss). Needs cspell-trie-lib, which is NOT
// a dependency of this project: install it in a scratch folder and pass its path.
//   mkdir /tmp/ct && cd /tmp/ct && npm init -y && npm i cspell-trie-lib@9
//   node scripts/names/cspell-words.mjs /tmp/ct/node_modules/cspell-trie-lib > scripts/names/sources/cspell-sv-words.txt
// The output (names whose lower-case form the dictionary has) is committed, so build.mjs needs nothing but it.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const libRoot = process.argv[2];
const pkg = JSON.parse(readFileSync(join(libRoot, 'package.json'), 'utf8'));
const exp = pkg.exports?.['.'];
const entry = typeof exp === 'string' ? exp : exp?.import ?? exp?.default ?? pkg.module ?? pkg.main;
const lib = await import(pathToFileURL(join(libRoot, typeof entry === 'object' ? entry.default : entry)).href);
const text = gunzipSync(readFileSync(join(repo, 'node_modules', '@cspell', 'dict-sv', 'Swedish.trie.gz'))).toString('utf8');
const trie = lib.importTrie(text.split('\n'));
const words = new Set();
for (const w of lib.iteratorTrieWords(trie)) if (/^\p{Ll}/u.test(w)) words.add(w);
const names = new Set();
// All candidate names: the two lists and ambiguous.txt (so that a rebuild cannot lose a hit).
for (const f of ['fornamn.txt', 'efternamn.txt', 'ambiguous.txt']) {
  for (const l of readFileSync(join(repo, 'src', 'text', 'sv', 'names', f), 'utf8').split('\n')) if (l && !l.startsWith('#')) names.add(l.split('\t')[0]);
}
const hits = [...names].filter((n) => words.has(n.toLowerCase())).sort();
console.log(`# Names whose lower-case form is an ordinary word in @cspell/dict-sv ${JSON.parse(readFileSync(join(repo, 'node_modules', '@cspell', 'dict-sv', 'package.json'), 'utf8')).version}`);
console.log(`# (${words.size} lower-case words), found by scripts/names/cspell-words.mjs; read by build.mjs as a word list.`);
for (const h of hits) console.log(h);

/**
 * Similarity sanity check for an embedding model directory (default: the configured one).
 *
 *   npx tsx scripts/model/eval.ts [MODEL_DIR]
 *
 * Prints, for each triple (anchor, related, unrelated), cos(anchor, related) and
 * cos(anchor, unrelated) and whether the related one wins. "in synonyms.txt" marks pairs that the
 * domain synonym file links directly; the others are only linked through general training.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbedder } from '../../src/embed/embedder.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export const TRIPLES: Array<[string, string, string]> = [
  ['elevhälsan', 'elevhälsoteamet', 'budgeten'],
  ['elevhälsan', 'skolsköterskan', 'budgeten'],
  ['hemmasittare', 'problematisk skolfrånvaro', 'kollegialt lärande'],
  ['frånvaron', 'närvaron', 'delegationsordningen'],
  ['EHT', 'elevhälsoteam', 'årshjul'],
  ['nämnden', 'politikerna', 'förskolläraren'],
  ['kvalitetsarbetet', 'det systematiska kvalitetsarbetet', 'barnskötarna'],
  ['styrkedjan', 'röd tråd mellan nivåerna', 'språkutveckling'],
  ['rektorn', 'skolledaren', 'matematik'],
  ['kompetensutveckling', 'fortbildning för personalen', 'närvaro'],
  ['mobbning', 'kränkande behandling', 'budget'],
  ['föräldrarna', 'vårdnadshavarna', 'analysen'],
  ['huvudmännen', 'huvudmannen', 'studieron'],
  ['skolchefen', 'förvaltningschefen', 'fritidshemmet'],
  ['tillgängliga lärmiljöer', 'tillgänglig lärmiljö för alla elever', 'budgetuppföljning'],
  ['förskolorna', 'förskolan', 'gymnasieskolan'],
  ['personalomsättning', 'rekrytering av behöriga lärare', 'kränkningar'],
  ['stress och oro bland eleverna', 'psykisk ohälsa', 'delegationsordning'],
  ['bilen', 'fordonet', 'förskolan'],
  ['snabb', 'fort', 'skolan'],
  ['svårighet', 'problem', 'dator'],
];

function inSynonyms(a: string, b: string): boolean {
  const lines = readFileSync(join(HERE, 'data/synonyms.txt'), 'utf8').split('\n');
  return lines.some((l) => {
    const m = l.replace(/#.*/, '').split('~').map((s) => s.trim().toLowerCase());
    return m.includes(a.toLowerCase()) && m.includes(b.toLowerCase());
  });
}

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

const embedder = await createEmbedder(process.argv[2] ? { modelDir: process.argv[2] } : {});
console.log(`model ${embedder.modelId}, dim ${embedder.dim}`);
let wins = 0;
for (const [a, r, u] of TRIPLES) {
  const [va, vr, vu] = await embedder.embedPassages([a, r, u]);
  const cr = cos(va!, vr!);
  const cu = cos(va!, vu!);
  if (cr > cu) wins++;
  console.log(
    `${cr > cu ? 'ok  ' : 'FAIL'} cos(${a}, ${r}) = ${cr.toFixed(3)}  vs  cos(${a}, ${u}) = ${cu.toFixed(3)}${inSynonyms(a, r) ? '   [pair in synonyms.txt]' : ''}`,
  );
}
console.log(`${wins}/${TRIPLES.length} triples ordered correctly`);

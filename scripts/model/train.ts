/**
 * Trains the default embedding model, models/dialogkunskap-sv-static: a static (non-contextual)
 * Swedish subword-embedding model in the transformers.js layout.
 *
 *   npx tsx scripts/model/train.ts [--out DIR] [--dim 256] [--vocab 30000] [--seed N] [--fixtures DIR|none] [--prose DIR[,DIR…]]
 *
 * Needs the Debian packages libreoffice-help-sv, manpages-sv, cfi-sv, gimp-help-sv, mythes-sv and
 * hunspell-sv (see docs/model.md). Deterministic for a given input and seed. Steps:
 *   1. text: Swedish prose from the Debian packages + codebook + glossary + domain prose (+ approved notes with --fixtures)
 *   2. vocabulary: morpheme-based WordPiece (lib/vocab.ts, lib/lexicon.ts)
 *   3. vectors: subword co-occurrence (±5 tokens, 1/d) → PPMI (α = 0.75) → randomized SVD
 *   4. retrofitting towards mythes-sv synonyms, domain synonyms and morphological links
 *   5. SIF frequency weights folded into the vector norms, common component removed
 *   6. int8 table + per-row scale → onnx/model.onnx, tokenizer files, config, README
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCodebook, readDebianSources, readFixtures, readGlossary, readDomainProse, type SourceReport, type SourceText } from './lib/sources.js';
import { Lexicon, segment } from './lib/lexicon.js';
import { readDomainSynonyms, readMythes, type SynGroup } from './lib/synonyms.js';
import { buildVocab } from './lib/vocab.js';
import { normalize, preTokenize, SPECIALS, tokenizerJson, WordPiece } from './lib/wordpiece.js';
import { CooccurrenceCounter, ppmi, randomizedSvd } from './lib/svd.js';
import { retrofit, type Edge, type Item } from './lib/retrofit.js';
import { buildOnnx, dequantize, quantizeRows } from './lib/onnx.js';
import { Rng } from './lib/rng.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const CFG = {
  out: resolve(ROOT, arg('out', 'models/dialogkunskap-sv-static')),
  seed: Number(arg('seed', '20261122')),
  dim: Number(arg('dim', '256')),
  vocabSize: Number(arg('vocab', '30000')),
  /** Approved notes to add as domain text (import format). Default none: the shipped model must not have seen the notes it is evaluated on. */
  fixtures: arg('fixtures', 'none'),
  /** Folders of domain prose (.md). domain-prose-extra/ holds more that was tried and not kept (docs/model.md). */
  prose: arg('prose', 'scripts/model/data/domain-prose').split(','),
  window: 5,
  /** Domain paragraphs count this many times in the co-occurrence statistics. */
  domainCoocWeight: 5,
  /** Domain words count this many times when choosing vocabulary pieces. */
  domainVocabBoost: 20,
  /** Weight of each thesaurus entry, used as a pseudo-sentence, in the co-occurrence counts. */
  thesaurusCoocWeight: 0.5,
  ppmiAlpha: 0.75,
  svdPower: 0.5,
  retrofitIterations: 20,
  domainSynonymBeta: 2,
  morphBeta: 1,
  /** SIF constant a in a / (a + p(t)). */
  sifA: 1e-3,
  maxLength: 512,
  hunspellDic: '/usr/share/hunspell/sv_SE.dic',
  hunspellAff: '/usr/share/hunspell/sv_SE.aff',
  mythes: '/usr/share/mythes/th_sv_SE_v2.dat',
};

const t0 = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${s}`);

// ------------------------------------------------------------------ 1. text
const reports: SourceReport[] = [];
const sources: SourceText[] = readDebianSources(reports);
const codebook = readCodebook(join(ROOT, 'src/codebook/codebook.json'), reports);
if (codebook) sources.push(codebook);
sources.push(readGlossary(join(HERE, 'data/glossary.tsv'), reports));
sources.push(readDomainProse(CFG.prose.map((d) => resolve(ROOT, d)), reports));
if (CFG.fixtures !== 'none') sources.push(readFixtures(resolve(ROOT, CFG.fixtures), reports, (m) => log(`warning: ${m}`)));
for (const r of reports) log(`source ${r.name}: ${r.files} files, ${r.paragraphs} paragraphs, ${r.words} words${r.missing ? ` (MISSING: ${r.missing})` : ''}`);
if (!existsSync(CFG.hunspellDic) || !existsSync(CFG.mythes)) {
  console.error('hunspell-sv and mythes-sv are required: apt-get install hunspell-sv mythes-sv');
  process.exit(1);
}
if (sources.filter((s) => !s.domain).length === 0) {
  console.error('No Debian prose found; install the packages listed in docs/model.md.');
  process.exit(1);
}

const general = new Map<string, number>();
const domain = new Map<string, number>();
for (const s of sources) {
  const m = s.domain ? domain : general;
  for (const p of s.paragraphs) for (const w of preTokenize(normalize(p))) m.set(w, (m.get(w) ?? 0) + 1);
}
log(`word types: general ${general.size}, domain ${domain.size}`);

// ------------------------------------------------------------------ synonyms + lexicon
const thesaurus: SynGroup[] = readMythes(CFG.mythes);
// --no-domain-synonyms trains without data/synonyms.txt (an ablation: what general training alone gives).
const domainSyn: SynGroup[] = process.argv.includes('--no-domain-synonyms') ? [] : readDomainSynonyms(join(HERE, 'data/synonyms.txt'), CFG.domainSynonymBeta);
log(`synonym groups: thesaurus ${thesaurus.length}, domain ${domainSyn.length}`);
const lexicon = Lexicon.fromHunspell(CFG.hunspellDic, CFG.hunspellAff);
log(`lexicon: ${lexicon.lemmas.size} lemmas, ${lexicon.forms.size} forms`);

// Domain synonym words count as domain text for the vocabulary (so their pieces exist).
for (const g of domainSyn) for (const phrase of [g.head, ...g.members]) for (const w of preTokenize(normalize(phrase))) domain.set(w, (domain.get(w) ?? 0) + 1);

// ------------------------------------------------------------------ 2. vocabulary
const extra: string[] = [];
for (const g of thesaurus) for (const phrase of [g.head, ...g.members]) extra.push(...preTokenize(normalize(phrase)));
const { vocab, pieceLemma, segmentations } = buildVocab({
  general, domain, extra, lexicon,
  targetSize: CFG.vocabSize, domainBoost: CFG.domainVocabBoost, extraWeight: 0.5, ngramPieces: 1500, minCount: 1,
});
const wp = new WordPiece(vocab);
const V = vocab.length;
log(`vocabulary: ${V} pieces`);

// How often does greedy WordPiece reproduce the morpheme segmentation? (token-weighted)
{
  let agree = 0;
  let total = 0;
  let unk = 0;
  for (const [w, c] of general) {
    const seg = segmentations.get(w);
    if (!seg) continue;
    const dp = seg.map((m, i) => (i ? '##' : '') + m.text).join(' ');
    const gr = wp.encodeWord(w);
    if (gr.join(' ') === dp) agree += c;
    if (gr[0] === '[UNK]') unk += c;
    total += c;
  }
  log(`greedy WordPiece = morpheme split for ${((100 * agree) / total).toFixed(1)} % of word tokens; [UNK] ${((100 * unk) / total).toFixed(2)} %`);
}

// ------------------------------------------------------------------ 3. co-occurrence → PPMI → SVD
const tokenCount = new Float64Array(V);
const cooc = new CooccurrenceCounter(V, CFG.window);
const specialIds = new Set(SPECIALS.map((s) => wp.ids.get(s)!));
const skip = (id: number) => specialIds.has(id);
const sentenceSample: Int32Array[] = [];
const rng = new Rng(CFG.seed);
for (const s of sources) {
  const weight = s.domain ? CFG.domainCoocWeight : 1;
  for (const p of s.paragraphs) {
    const ids = Int32Array.from(wp.tokenIds(p));
    for (const id of ids) tokenCount[id]! += 1; // unweighted frequencies for SIF
    cooc.addSequence(ids, weight, skip);
    if (rng.next() < 0.25) sentenceSample.push(ids);
  }
}
for (const g of thesaurus) {
  const ids = Int32Array.from(wp.tokenIds([g.head, ...g.members].join(' , ')));
  cooc.addSequence(ids, CFG.thesaurusCoocWeight, skip);
}
log(`co-occurrence pairs: ${cooc.size}`);
const m = ppmi(cooc.toCsr(), CFG.ppmiAlpha);
log(`PPMI: ${m.val.length} non-zeros`);
const { vectors: svdVec, singular } = randomizedSvd(m, CFG.dim, { seed: CFG.seed + 1, powerIters: 2, power: CFG.svdPower, log });
log(`SVD done; σ1 = ${singular[0]!.toFixed(2)}, σ${CFG.dim} = ${singular[CFG.dim - 1]!.toFixed(2)}`);

const D = CFG.dim;
const rowNorm = (a: Float32Array, r: number) => {
  let s = 0;
  for (let c = 0; c < D; c++) s += a[r * D + c]! * a[r * D + c]!;
  return Math.sqrt(s);
};
const normalizeRows = (a: Float32Array) => {
  for (let r = 0; r < V; r++) {
    const nr = rowNorm(a, r);
    if (nr > 0) for (let c = 0; c < D; c++) a[r * D + c]! /= nr;
  }
};
normalizeRows(svdVec);

// ------------------------------------------------------------------ SIF weights
let totalTokens = 0;
for (let i = 0; i < V; i++) totalTokens += tokenCount[i]!;
const sif = new Float32Array(V);
for (let i = 0; i < V; i++) sif[i] = CFG.sifA / (CFG.sifA + tokenCount[i]! / totalTokens);

// ------------------------------------------------------------------ 4. retrofitting
const itemCache = new Map<string, Item | null>();
const itemOf = (phrase: string): Item | null => {
  let it = itemCache.get(phrase);
  if (it !== undefined) return it;
  const ids = wp.tokenIds(phrase).filter((id) => !specialIds.has(id));
  if (ids.length === 0 || ids.length > 8 || wp.tokenize(phrase).includes('[UNK]')) it = null;
  else {
    const w = ids.map((id) => sif[id]!);
    const sum = w.reduce((a, b) => a + b, 0) || 1;
    it = { ids: Int32Array.from(ids), w: Float32Array.from(w.map((x) => x / sum)) };
  }
  itemCache.set(phrase, it);
  return it;
};
const edges: Edge[] = [];
const edgeCounts = { thesaurus: 0, domain: 0, morph: 0 };
for (const g of [...thesaurus, ...domainSyn]) {
  const a = itemOf(g.head);
  if (!a) continue;
  const members = g.members.map(itemOf).filter((x): x is Item => x !== null);
  for (const b of members) {
    edges.push({ a, b, beta: g.source === 'domain' ? g.weight : g.weight / members.length });
    edgeCounts[g.source]++;
  }
  if (g.source === 'domain') {
    // Domain groups are cliques: every member close to every other.
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        edges.push({ a: members[i]!, b: members[j]!, beta: g.weight / 2 });
        edgeCounts.domain++;
      }
  }
}
const single = (id: number): Item => ({ ids: Int32Array.of(id), w: Float32Array.of(1) });
for (let id = 0; id < V; id++) {
  const tok = vocab[id]!;
  if (specialIds.has(id)) continue;
  // "x" ~ "##x": the same morpheme at the start of a word and inside it.
  if (!tok.startsWith('##') && tok.length >= 3) {
    const cont = wp.ids.get('##' + tok);
    if (cont !== undefined) {
      edges.push({ a: single(id), b: single(cont), beta: CFG.morphBeta });
      edgeCounts.morph++;
    }
  }
  // Compound and stem forms ~ their lemma: "hälso" ~ "hälsa", "skol" ~ "skola".
  const lemma = pieceLemma.get(tok);
  if (lemma) {
    const target = itemOf(lemma);
    if (target && !(target.ids.length === 1 && target.ids[0] === id)) {
      edges.push({ a: single(id), b: target, beta: CFG.morphBeta });
      edgeCounts.morph++;
    }
  }
}
log(`retrofitting edges: ${JSON.stringify(edgeCounts)}`);
const alpha = new Float32Array(V);
for (let i = 0; i < V; i++) {
  if (rowNorm(svdVec, i) === 0) continue;
  // Trust the distributional vector more for frequent tokens.
  alpha[i] = 0.25 + 0.75 * Math.min(1, Math.log1p(tokenCount[i]!) / Math.log1p(100));
}
const retro = retrofit(svdVec, V, D, alpha, edges, { iterations: CFG.retrofitIterations, log: undefined });
normalizeRows(retro);
log('retrofitting done');

// ------------------------------------------------------------------ 5. common component removal + SIF norms
const u = new Float64Array(D);
{
  // Top principal direction of SIF-weighted sentence vectors (uncentred, as in Arora et al. 2017).
  const sents: Float64Array[] = [];
  for (const ids of sentenceSample) {
    const v = new Float64Array(D);
    for (const id of ids) {
      if (specialIds.has(id)) continue;
      const w = sif[id]!;
      for (let c = 0; c < D; c++) v[c]! += w * retro[id * D + c]!;
    }
    sents.push(v);
  }
  const r2 = new Rng(CFG.seed + 2);
  for (let c = 0; c < D; c++) u[c] = r2.normal();
  for (let it = 0; it < 50; it++) {
    const nu = new Float64Array(D);
    for (const v of sents) {
      let dot = 0;
      for (let c = 0; c < D; c++) dot += v[c]! * u[c]!;
      for (let c = 0; c < D; c++) nu[c]! += dot * v[c]!;
    }
    let nn = 0;
    for (let c = 0; c < D; c++) nn += nu[c]! * nu[c]!;
    nn = Math.sqrt(nn);
    for (let c = 0; c < D; c++) u[c] = nu[c]! / nn;
  }
  log(`common component estimated from ${sents.length} paragraphs`);
}
const table = new Float32Array(V * D);
for (let id = 0; id < V; id++) {
  if (specialIds.has(id)) continue;
  let dot = 0;
  for (let c = 0; c < D; c++) dot += retro[id * D + c]! * u[c]!;
  const w = sif[id]!;
  for (let c = 0; c < D; c++) table[id * D + c] = w * (retro[id * D + c]! - dot * u[c]!);
}
// [CLS], [SEP] and [UNK] get one tiny fixed vector: negligible next to real tokens, but an empty or
// all-unknown text still gets a finite, deterministic embedding instead of 0/0.
{
  const tiny = new Float32Array(D);
  const r3 = new Rng(CFG.seed + 3);
  for (let c = 0; c < D; c++) tiny[c] = r3.normal();
  const nt = Math.sqrt(tiny.reduce((a, b) => a + b * b, 0));
  for (const s of ['[CLS]', '[SEP]', '[UNK]']) {
    const id = wp.ids.get(s)!;
    for (let c = 0; c < D; c++) table[id * D + c] = (1e-4 * tiny[c]!) / nt;
  }
}

// ------------------------------------------------------------------ 6. write the model
const q = quantizeRows(table, V, D);
const deq = dequantize(q);
let maxErr = 0;
for (let i = 0; i < table.length; i++) maxErr = Math.max(maxErr, Math.abs(deq[i]! - table[i]!));
const date = new Date().toISOString().slice(0, 10);
mkdirSync(join(CFG.out, 'onnx'), { recursive: true });
const onnxBytes = buildOnnx(q, `dialogkunskap-sv-static: static Swedish subword embeddings (${V}×${D}, int8 + per-row scale).`);
writeFileSync(join(CFG.out, 'onnx/model.onnx'), onnxBytes);
writeFileSync(join(CFG.out, 'config.json'), JSON.stringify({
  _name_or_path: 'dialogkunskap-sv-static',
  architectures: ['BertModel'],
  model_type: 'bert',
  hidden_size: D,
  vocab_size: V,
  max_position_embeddings: CFG.maxLength,
  num_hidden_layers: 0,
  num_attention_heads: 1,
  intermediate_size: D,
  type_vocab_size: 2,
  pad_token_id: 0,
}, null, 2) + '\n');
writeFileSync(join(CFG.out, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
writeFileSync(join(CFG.out, 'tokenizer_config.json'), JSON.stringify({
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  strip_accents: false,
  tokenize_chinese_chars: true,
  model_max_length: CFG.maxLength,
  unk_token: '[UNK]', pad_token: '[PAD]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]',
  clean_up_tokenization_spaces: true,
}, null, 2) + '\n');
writeFileSync(join(CFG.out, 'special_tokens_map.json'), JSON.stringify({ unk_token: '[UNK]', pad_token: '[PAD]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]' }, null, 2) + '\n');
writeFileSync(join(CFG.out, 'vocab.txt'), vocab.join('\n') + '\n');
writeFileSync(join(CFG.out, 'dialogkunskap.json'), JSON.stringify({ queryPrefix: '', passagePrefix: '', pooling: 'mean', normalize: true, maxLength: CFG.maxLength }, null, 2) + '\n');

const seconds = (Date.now() - t0) / 1000;
const onnxSize = statSync(join(CFG.out, 'onnx/model.onnx')).size;
const examples = ['elevhälsan', 'elevhälsoteamet', 'elevhälsoarbetet', 'kvalitetsarbetet', 'styrkedjan', 'huvudmännen', 'skolchefen', 'förskolorna', 'hemmasittare', 'vårdnadshavarna'];
const report = {
  date,
  command: 'npx tsx scripts/model/train.ts',
  seed: CFG.seed,
  dim: D,
  vocabSize: V,
  onnxBytes: onnxSize,
  trainingSeconds: Math.round(seconds),
  maxQuantError: maxErr,
  sources: reports,
  retrofittingEdges: edgeCounts,
  config: { ...CFG, out: undefined },
  tokenisation: Object.fromEntries(examples.map((w) => [w, wp.tokenize(w).join(' ')])),
};
writeFileSync(join(CFG.out, 'training-report.json'), JSON.stringify(report, null, 2) + '\n');
writeFileSync(join(CFG.out, 'README.md'), readme(report));
log(`wrote ${CFG.out}: onnx ${(onnxSize / 1e6).toFixed(2)} MB, vocab ${V}, dim ${D}, max quantisation error ${maxErr.toExponential(2)}`);
for (const [w, t] of Object.entries(report.tokenisation)) log(`  ${w} → ${t}`);

function readme(r: typeof report): string {
  const src = r.sources
    .map((s) => `| ${s.name} | ${s.files} | ${s.paragraphs} | ${s.words} |${s.missing ? ` missing: ${s.missing}` : ''}`)
    .join('\n');
  return `# dialogkunskap-sv-static

A static Swedish subword-embedding model for the dialogkunskap service: every WordPiece token has
one vector; a text's embedding is the mean of its token vectors, L2-normalised. It is no
transformer and knows no word order, but it loads in transformers.js like one
(\`pipeline('feature-extraction', …)\`, \`{ pooling: 'mean', normalize: true }\`).

| | |
|---|---|
| trained | ${r.date}, \`${r.command}\` (seed ${r.seed}, ${r.trainingSeconds} s) |
| dimension | ${r.dim} |
| vocabulary | ${r.vocabSize} WordPiece tokens (lower-cased, å/ä/ö kept) |
| storage | int8 table + one float scale per row, dequantised in the graph (Gather → Cast → Mul) |
| onnx/model.onnx | ${(r.onnxBytes / 1e6).toFixed(2)} MB |
| max length | ${CFG.maxLength} tokens |

## Training text
| source | files | paragraphs | words |
|---|---|---|---|
${src}

Debian prose is filtered to Swedish paragraphs. Domain text (codebook, glossary, domain prose; approved
notes only when given with --fixtures) counts ${CFG.domainCoocWeight}× in the co-occurrence statistics. Lexical resources: hunspell-sv
(lemmas, inflections and compound forms for the vocabulary) and the mythes-sv thesaurus (synonym
groups for retrofitting, and each entry as a short pseudo-sentence with weight ${CFG.thesaurusCoocWeight} in the
co-occurrence counts).

## Method
1. Vocabulary: words are cut into morphemes with the hunspell-sv lexicon (compound parts and
   inflection endings); morphemes are the WordPiece pieces, so greedy WordPiece reproduces them.
2. Subword co-occurrence (±${CFG.window} tokens, weight 1/distance) → PPMI (context smoothing
   α = ${CFG.ppmiAlpha}) → randomized SVD, U·Σ^${CFG.svdPower}.
3. Retrofitting (Faruqui et al. 2015, generalised to multi-token words) towards mythes-sv
   synonyms, \`scripts/model/data/synonyms.txt\` and morphological links (x ~ ##x, hälso ~ hälsa).
   Edges: thesaurus ${r.retrofittingEdges.thesaurus}, domain ${r.retrofittingEdges.domain}, morphology ${r.retrofittingEdges.morph}.
4. Frequency weighting: each token vector is scaled by a/(a + p(token)), a = ${CFG.sifA} (SIF),
   and the common component of sentence vectors is projected out, so mean pooling is not
   dominated by function words and endings.

## Tokenisation examples
${Object.entries(r.tokenisation).map(([w, t]) => `- ${w} → \`${t}\``).join('\n')}

See docs/model.md for how to retrain and how to swap in another model.
`;
}

// Evaluation of the needs classifier on the fixture corpus's gold labels (corpus/gold/*.json).
//
//   npm run -s eval:classify [-- --folds 5] [-- --no-embed] [-- --json out.json] [-- --dump paragraphs.json] [-- --repeats N] [-- --curve 0.25,0.5,1] [-- --gold corpus/gold-needs]
//
// The fixtures are ingested into a temporary SQLite database (ingestPaths, no derivers); every stored
// passage gets the gold labels of its paragraph. Grouped k-fold cross-validation by huvudman: for each
// fold the supervised model (and its per-label thresholds, tuned by an inner cross-validation) is
// trained on the other folds only and scored on this one, so nothing is scored by a model that saw it
// or its huvudman. Scores are per paragraph (the gold unit; a paragraph cut into several passages
// gets the union, as a note does). Printed: per-label precision/recall/F1, macro-F1 over the seven
// factors, micro-F1 over the themes, for the trained model, the day-one rule (no reviewed labels)
// and a plain keyword baseline; and the subsets (paraphrase, compound/definite form, negated mention,
// non-need).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCodebook } from '../src/codebook/index.js';
import { aggregatePredictions } from '../src/classify/aggregate.js';
import { NeedsClassifier } from '../src/classify/classifier.js';
import { groupFolds } from '../src/classify/folds.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { phraseWords, wordMatches, words, type PhraseWord } from '../src/classify/lexical.js';
import { analyzePassage } from '../src/classify/sentences.js';
import { trainModel, type TrainingExample } from '../src/classify/train.js';
import type { LabelPrediction } from '../src/ingest/prepare.js';
import { ingestPaths } from '../src/ingest/ingest.js';
import { closeDb, openDb, projectRoot } from '../src/store/db.js';

interface GoldNote {
  note_id: string;
  paragraphs: { factors: string[]; themes: string[] }[];
}

interface Unit {
  key: string;
  noteId: string;
  group: string;
  text: string;
  gold: Set<string>;
  /** The gold file the paragraph's labels come from (batches were written at different times). */
  batch: string;
  passages: number[];
}

const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const K = Number(argValue('--folds') ?? 5);
const useEmbedder = !args.includes('--no-embed');
const jsonOut = argValue('--json');
/** Cross-validations over different splits (the first is the standard one). */
const repeats = Math.max(1, Number(argValue('--repeats') ?? 1));
/** Shares of the training huvudmän for a learning curve, e.g. 0.25,0.5,0.75,1. */
const curve = (argValue('--curve') ?? '').split(',').filter(Boolean).map(Number);
/** Per-paragraph gold, predictions and trained scores, for error analysis. */
const dumpOut = argValue('--dump');
/** Which gold to train and score on: corpus/gold (mention-level, #4) or corpus/gold-needs (the need rule, #13). */
const goldArg = argValue('--gold') ?? 'corpus/gold';

const codebook = loadCodebook();
const labelIds = codebook.all.map((e) => e.id);
const factorIds = codebook.factors.map((e) => e.id);
const themeIds = codebook.themes.map((e) => e.id);

// ---------------------------------------------------------------- the keyword baseline

/**
 * The plain baseline: the key words of each label's codebook name (content words, stop words and
 * words under four letters dropped), matched at a word start on the lowercased text, so
 * "kvalitetsarbetet" meets "kvalitetsarbete" but "skolfrånvaron" does not meet "frånvaro".
 */
const STOP = new Set(['och', 'med', 'i', 'från', 'för', 'av', 'till', 'tydlig', 'undervisningen', 'fokus']);
function nameKeywords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 4 && !STOP.has(w));
}
const keywords = new Map(codebook.all.map((e) => [e.id, nameKeywords(e.name)]));
const keywordRes = new Map([...keywords].map(([id, ks]) => [id, ks.map((k) => new RegExp(`(?<![\\p{L}])${k}`, 'u'))]));
function baseline(text: string): Set<string> {
  const t = text.toLowerCase();
  return new Set(labelIds.filter((id) => keywordRes.get(id)!.some((re) => re.test(t))));
}

// ---------------------------------------------------------------- subsets

const keywordWords = new Map([...keywords].map(([id, ks]) => [id, ks.map((k) => phraseWords(k)[0]).filter((w): w is PhraseWord => !!w)]));

/** How a label's name key words occur in a text: 'exact' as a word, 'form' only inflected or inside compounds, 'none'. */
function keywordPresence(text: string, id: string): 'exact' | 'form' | 'none' {
  const ws = words(text);
  const ks = keywordWords.get(id)!;
  if (ks.some((k) => ws.some((w) => w.norm === k.norm))) return 'exact';
  if (ks.some((k) => ws.some((w) => wordMatches(k, w)))) return 'form';
  return 'none';
}

/** The label's key words are mentioned, and only in negated or denied segments (negation.json). */
function negatedMention(text: string, id: string): boolean {
  const ks = keywordWords.get(id)!;
  let negated = false;
  let plain = false;
  for (const s of analyzePassage(text)) {
    s.words.forEach((w, i) => {
      if (!ks.some((k) => wordMatches(k, w))) return;
      if (s.wordState[i] === 'plain' && !s.nonNeed) plain = true;
      else negated = true;
    });
  }
  return negated && !plain;
}

// ---------------------------------------------------------------- metrics

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const f1 = (c: Counts) => (c.tp ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0);
const prec = (c: Counts) => (c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0);
const rec = (c: Counts) => (c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0);

function countsPerLabel(units: Unit[], pred: Set<string>[]): Map<string, Counts> {
  const m = new Map(labelIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  units.forEach((u, i) => {
    for (const id of labelIds) {
      const g = u.gold.has(id);
      const p = pred[i]!.has(id);
      const c = m.get(id)!;
      if (g && p) c.tp++;
      else if (p) c.fp++;
      else if (g) c.fn++;
    }
  });
  return m;
}
const sum = (cs: Counts[]) => cs.reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
const macro = (m: Map<string, Counts>, ids: string[]) => ids.reduce((s, id) => s + f1(m.get(id)!), 0) / ids.length;
const micro = (m: Map<string, Counts>, ids: string[]) => f1(sum(ids.map((id) => m.get(id)!)));

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'dk-eval-classify-'));
  const db = openDb(join(dir, 'eval.db'));
  try {
    const report = await ingestPaths(db, [resolve(projectRoot, 'corpus/fixtures')], { actor: 'eval' });
    if (report.errors.length) for (const e of report.errors) console.error(`inläsning avvisade ${e.file}: ${e.message}`);
    const rows = db.$client
      .prepare(`SELECT p.id, p.note_id AS noteId, p.paragraph, p.text, n.huvudman_id AS hm FROM passage p JOIN note n ON n.id = p.note_id WHERE n.status = 'godkand' ORDER BY p.note_id, p.ord`)
      .all() as { id: string; noteId: string; paragraph: number; text: string; hm: string }[];

    const goldDir = resolve(projectRoot, goldArg);
    const gold = new Map<string, GoldNote & { batch: string }>();
    for (const f of readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort()) {
      for (const g of JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as GoldNote[]) gold.set(g.note_id, { ...g, batch: f.replace(/\.json$/, '') });
    }

    // Units = gold paragraphs that have stored passages.
    const units: Unit[] = [];
    const unitOf = new Map<string, number>();
    const passageUnit: number[] = [];
    let missingGold = 0;
    rows.forEach((r, pi) => {
      const note = gold.get(r.noteId);
      const g = note?.paragraphs[r.paragraph];
      if (!note || !g) {
        missingGold++;
        passageUnit.push(-1);
        return;
      }
      const key = `${r.noteId}#${r.paragraph}`;
      let u = unitOf.get(key);
      if (u === undefined) {
        u = units.push({ key, noteId: r.noteId, group: r.hm, text: '', gold: new Set([...g.factors, ...g.themes]), batch: note.batch, passages: [] }) - 1;
        unitOf.set(key, u);
      }
      units[u]!.passages.push(pi);
      units[u]!.text += (units[u]!.text ? '\n' : '') + r.text;
      passageUnit.push(u);
    });
    const notesWithGold = new Set(units.map((u) => u.noteId));
    const goldNotesMissing = [...gold.keys()].filter((id) => !notesWithGold.has(id));

    let embedder = null;
    if (useEmbedder) {
      try {
        const { createEmbedder } = await import('../src/embed/embedder.js');
        embedder = await createEmbedder();
      } catch (e) {
        console.error(`ingen inbäddningsmodell (${(e as Error).message.split('.')[0]}); kör utan signal (b)`);
      }
    }
    const day1 = await NeedsClassifier.create({ embedder });
    const tf = Date.now();
    const features = await day1.featurize(rows.map((r) => ({ text: r.text })));
    const featureMs = Date.now() - tf;

    const paragraphPredictions = (preds: (LabelPrediction[] | null)[]): Set<string>[] =>
      units.map((u) => {
        const agg = aggregatePredictions(u.passages.map((p) => preds[p]!), labelIds);
        return new Set(agg.filter((a) => a.predicted).map((a) => a.id));
      });

    // Day one: no training at all.
    const day1Pred = paragraphPredictions(features.map((f) => day1.predictFeatures(f)));

    // Grouped k-fold by huvudman over gold units (seed: another split, for --repeats).
    // `share` < 1 trains on that share of each training fold's huvudmän only (for --curve): those
    // whose seeded key is below it, so a larger share keeps everything a smaller one had.
    const keyRand = seededRandom(7);
    const groupKey = new Map([...new Set(units.map((u) => u.group))].sort().map((g) => [g, keyRand()]));
    const crossValidate = (seed?: number, share = 1) => {
      const { fold: unitFold, k } = groupFolds(units.map((u) => u.group), K, seed);
      const preds: (LabelPrediction[] | null)[] = rows.map(() => null);
      let trainedUnits = 0;
      for (let f = 0; f < k; f++) {
        const train: TrainingExample[] = [];
        units.forEach((u, ui) => {
          if (unitFold[ui] === f || groupKey.get(u.group)! >= share) return;
          trainedUnits++;
          for (const p of u.passages) {
            train.push({ x: features[p]!.x, group: u.group, labels: Object.fromEntries(labelIds.map((id) => [id, { y: u.gold.has(id) ? 1 : 0, w: 1 }])) });
          }
        });
        const state = trainModel(train, labelIds, { embeddingModelId: embedder?.modelId ?? null, embeddingDim: embedder?.dim ?? 0 });
        const model = day1.withModel(state);
        units.forEach((u, ui) => {
          if (unitFold[ui] !== f) return;
          for (const p of u.passages) preds[p] = model.predictFeatures(features[p]!);
        });
        process.stderr.write(`\rkorsvalidering${seed === undefined ? '' : ` (delning ${seed})`}: vikning ${f + 1}/${k}`);
      }
      process.stderr.write('\n');
      /** unitsPerFold: gold paragraphs trained on, mean over the folds. */
      return { preds, k, unitsPerFold: trainedUnits / k };
    };
    const tt = Date.now();
    const { preds: trainedPreds, k } = crossValidate();
    const trainMs = Date.now() - tt;
    const trainedPred = paragraphPredictions(trainedPreds);
    const basePred = units.map((u) => baseline(u.text));
    if (dumpOut) writeFileSync(dumpOut, JSON.stringify(units.map((u, i) => ({ key: u.key, text: u.text, gold: [...u.gold], pred: [...trainedPred[i]!], day1: [...day1Pred[i]!], scores: Object.fromEntries(u.passages.flatMap((p) => (trainedPreds[p] ?? []).map((l) => [l.id, Number(l.score.toFixed(3))]))) }))));

    const systems = [
      { name: 'tränad (korsvaliderad)', pred: trainedPred },
      { name: 'dag ett (utan granskningar)', pred: day1Pred },
      { name: 'nyckelordsbaslinje', pred: basePred },
    ];
    const counts = systems.map((s) => countsPerLabel(units, s.pred));

    // ---- output
    const pct = (x: number) => x.toFixed(2);
    const out: string[] = [];
    out.push(`Behovsklassificering, fixturkorpusen: ${units.length} stycken med guldetiketter (${units.filter((u) => u.gold.size === 0).length} utan behov), ${rows.length} textavsnitt, ${new Set(units.map((u) => u.group)).size} huvudmän, ${k} vikningar grupperade per huvudman.`);
    out.push(`Signal (b) inbäddning: ${embedder ? embedder.modelId : 'av'}. Särdrag ${featureMs} ms, träning+prediktion ${trainMs} ms.`);
    if (missingGold || goldNotesMissing.length) out.push(`Obs: ${missingGold} avsnitt utan guldstycke, ${goldNotesMissing.length} guldanteckningar utan lagrade avsnitt.`);
    out.push('');
    out.push(`| etikett | n | tränad P | R | F1 | dag ett F1 | baslinje P | R | F1 |`);
    out.push(`|---|---|---|---|---|---|---|---|---|`);
    for (const id of labelIds) {
      const n = units.filter((u) => u.gold.has(id)).length;
      const [t, d, b] = counts.map((c) => c.get(id)!);
      out.push(`| ${id} | ${n} | ${pct(prec(t!))} | ${pct(rec(t!))} | ${pct(f1(t!))} | ${pct(f1(d!))} | ${pct(prec(b!))} | ${pct(rec(b!))} | ${pct(f1(b!))} |`);
    }
    out.push('');
    out.push(`| mått | ${systems.map((s) => s.name).join(' | ')} |`);
    out.push(`|---|${systems.map(() => '---').join('|')}|`);
    out.push(`| makro-F1, sju faktorer (mål ≥ 0.75) | ${counts.map((c) => pct(macro(c, factorIds))).join(' | ')} |`);
    out.push(`| mikro-F1, teman (mål ≥ 0.70) | ${counts.map((c) => pct(micro(c, themeIds))).join(' | ')} |`);
    out.push(`| mikro-F1, faktorer | ${counts.map((c) => pct(micro(c, factorIds))).join(' | ')} |`);
    out.push(`| makro-F1, teman | ${counts.map((c) => pct(macro(c, themeIds))).join(' | ')} |`);
    // Note level: union of paragraphs.
    const noteIds = [...new Set(units.map((u) => u.noteId))];
    const noteCounts = systems.map((s) => {
      const c = { tp: 0, fp: 0, fn: 0 };
      for (const nid of noteIds) {
        const us = units.map((u, i) => ({ u, i })).filter((x) => x.u.noteId === nid);
        const g = new Set(us.flatMap((x) => [...x.u.gold]));
        const p = new Set(us.flatMap((x) => [...s.pred[x.i]!]));
        for (const id of labelIds) {
          if (g.has(id) && p.has(id)) c.tp++;
          else if (p.has(id)) c.fp++;
          else if (g.has(id)) c.fn++;
        }
      }
      return c;
    });
    out.push(`| mikro-F1 per anteckning (alla etiketter) | ${noteCounts.map((c) => pct(f1(c))).join(' | ')} |`);

    // Per gold file: whether a batch is easier or harder than the rest (same cross-validation).
    out.push('');
    out.push(`| guldfil | stycken | huvudmän | ${systems.map((s) => `${s.name}: makro-F1 faktorer / mikro-F1 teman`).join(' | ')} |`);
    out.push(`|---|---|---|${systems.map(() => '---').join('|')}|`);
    for (const batch of [...new Set(units.map((u) => u.batch))].sort()) {
      const idx = units.map((u, i) => (u.batch === batch ? i : -1)).filter((i) => i >= 0);
      const sub = idx.map((i) => units[i]!);
      const cells = systems.map((s) => {
        const c = countsPerLabel(sub, idx.map((i) => s.pred[i]!));
        return `${pct(macro(c, factorIds))} / ${pct(micro(c, themeIds))}`;
      });
      out.push(`| ${batch} | ${sub.length} | ${new Set(sub.map((u) => u.group)).size} | ${cells.join(' | ')} |`);
    }

    // ---- subsets
    out.push('');
    out.push(`| delmängd | n | ${systems.map((s) => s.name).join(' | ')} |`);
    out.push(`|---|---|${systems.map(() => '---').join('|')}|`);
    const instances = units.flatMap((u, i) => labelIds.map((id) => ({ u, i, id })));
    const recallLine = (name: string, sel: typeof instances) =>
      out.push(`| ${name}: recall | ${sel.length} | ${systems.map((s) => pct(sel.filter((x) => s.pred[x.i]!.has(x.id)).length / (sel.length || 1))).join(' | ')} |`);
    const fpLine = (name: string, sel: typeof instances) =>
      out.push(`| ${name}: andel felaktigt förutsagda | ${sel.length} | ${systems.map((s) => pct(sel.filter((x) => s.pred[x.i]!.has(x.id)).length / (sel.length || 1))).join(' | ')} |`);
    const positives = instances.filter((x) => x.u.gold.has(x.id));
    recallLine('omskrivna behov (inget nyckelord ur namnet i någon form)', positives.filter((x) => keywordPresence(x.u.text, x.id) === 'none'));
    recallLine('behov nämnda bara i sammansättning/böjd form', positives.filter((x) => keywordPresence(x.u.text, x.id) === 'form'));
    recallLine('behov med nyckelordet som eget ord', positives.filter((x) => keywordPresence(x.u.text, x.id) === 'exact'));
    const negated = instances.filter((x) => negatedMention(x.u.text, x.id));
    fpLine('negerade omnämnanden, inget behov enligt guld', negated.filter((x) => !x.u.gold.has(x.id)));
    recallLine('negerade omnämnanden, behov enligt guld', negated.filter((x) => x.u.gold.has(x.id)));
    const empty = units.map((u, i) => ({ u, i })).filter((x) => x.u.gold.size === 0);
    out.push(
      `| stycken utan behov: andel med någon etikett | ${empty.length} | ${systems.map((s) => pct(empty.filter((x) => s.pred[x.i]!.size > 0).length / (empty.length || 1))).join(' | ')} |`,
    );
    out.push(
      `| stycken utan behov: falska etiketter per stycke | ${empty.length} | ${systems.map((s) => (empty.reduce((a, x) => a + s.pred[x.i]!.size, 0) / (empty.length || 1)).toFixed(2)).join(' | ')} |`,
    );
    if (curve.length) {
      // Learning curve: the same folds, each model trained on a share of its fold's huvudmän.
      out.push('');
      out.push('Inlärningskurva: andel av träningsvikningens huvudmän (samma testvikningar)');
      out.push(`| andel | granskade stycken per vikning (medel) | makro-F1, faktorer | mikro-F1, teman | ${factorIds.join(' | ')} |`);
      out.push(`|---|---|---|---|${factorIds.map(() => '---').join('|')}|`);
      for (const share of curve) {
        const cv = crossValidate(undefined, share);
        const c = countsPerLabel(units, paragraphPredictions(cv.preds));
        out.push(`| ${share} | ${cv.unitsPerFold.toFixed(0)} | ${pct(macro(c, factorIds))} | ${pct(micro(c, themeIds))} | ${factorIds.map((id) => pct(f1(c.get(id)!))).join(' | ')} |`);
      }
    }
    if (repeats > 1) {
      // The same cross-validation over other splits: how much the headline figures move with the split alone.
      const runs = [{ macro: macro(counts[0]!, factorIds), micro: micro(counts[0]!, themeIds) }];
      for (let r = 1; r < repeats; r++) {
        const c = countsPerLabel(units, paragraphPredictions(crossValidate(r).preds));
        runs.push({ macro: macro(c, factorIds), micro: micro(c, themeIds) });
      }
      const stats = (xs: number[]) => {
        const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
        return `${mean.toFixed(3)} ± ${sd.toFixed(3)} (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;
      };
      out.push('');
      out.push(`Upprepad korsvalidering, ${repeats} delningar (den första är standarddelningen): medel ± standardavvikelse (min–max)`);
      out.push(`| mått | tränad |`);
      out.push(`|---|---|`);
      out.push(`| makro-F1, sju faktorer | ${stats(runs.map((r) => r.macro))} |`);
      out.push(`| mikro-F1, teman | ${stats(runs.map((r) => r.micro))} |`);
      out.push(`| per delning (faktorer / teman) | ${runs.map((r) => `${r.macro.toFixed(3)} / ${r.micro.toFixed(3)}`).join('; ')} |`);
    }
    out.push('');
    out.push(`Tid totalt ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    console.log(out.join('\n'));
    if (jsonOut) {
      writeFileSync(
        jsonOut,
        JSON.stringify(
          {
            units: units.length,
            folds: k,
            embedding: embedder?.modelId ?? null,
            systems: systems.map((s, i) => ({
              name: s.name,
              factorMacroF1: macro(counts[i]!, factorIds),
              themeMicroF1: micro(counts[i]!, themeIds),
              perLabel: Object.fromEntries(labelIds.map((id) => [id, { p: prec(counts[i]!.get(id)!), r: rec(counts[i]!.get(id)!), f1: f1(counts[i]!.get(id)!) }])),
            })),
          },
          null,
          2,
        ),
      );
    }
  } finally {
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

// The figures the synthesis team publishes: the share of dialogues that touch each factor and
// theme per huvudman type, measured on held-out huvudmän against the re-checked gold
// (corpus/gold-needs, docs/annotation.md).
//
//   npm run -s eval:classify -- --gold corpus/gold-needs --dump scratch/dump-needs.json
//   npm run -s eval:shares -- --dump scratch/dump-needs.json [--draws 100]
//
// The passage scores come from eval:classify's grouped cross-validation (no passage is scored by
// a model that saw its huvudman). On top of them, for each of `draws` random sets of 40 held-out
// huvudmän, the unit-decision model (src/analytics/unit-decision.ts) is trained on the other
// huvudmän's dialogues, and three estimates of each share are compared with the gold:
//   (a) today's rule: a dialogue touches a label when any of its passages is predicted;
//   (b) the dialogue-level decision: probability ≥ 0.5;
//   (c) the estimate: the mean calibrated probability (src/analytics/share-estimate.ts), with its
//       95 % interval; coverage = how often the gold share falls inside it.
// It also prints note- and dialogue-level F1 (grouped 5-fold by huvudman) and the label density
// per paragraph.
import { estimateShare } from '../src/analytics/share-estimate.js';
import { unitProbabilities, unitProbability } from '../src/analytics/unit-decision.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { factorIds, fixtureNoteMeta, GoldUnits, labels, loadDump, themeIds, type Unit } from './gold-units.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dumpFile = arg('--dump') ?? 'scratch/dump-needs.json';
const DRAWS = Number(arg('--draws') ?? 100);
const HELD_OUT = 40;
const BOOT = 10;

const dump = loadDump(dumpFile);
const gold = new GoldUnits(dump, await fixtureNoteMeta());
const unitsBy = (level: 'note' | 'dialog') => gold.by(level);
const evidence = (u: Unit, label: string) => gold.evidence(u, label);
const train = (units: readonly Unit[], l2?: number) => gold.train(units, l2);
const anyPassage = (u: Unit, label: string) => u.paragraphs.some((p) => p.pred.includes(label));

// --------------------------------------------------------------- F1 at note and dialogue level

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const f1 = (c: Counts) => (c.tp ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0);

function levelF1(level: 'note' | 'dialog') {
  const units = unitsBy(level);
  const groups = [...new Set(units.map((u) => u.huvudman))].sort();
  const rand = seededRandom(11);
  const fold = new Map(groups.map((g) => [g, Math.floor(rand() * 5)]));
  const counts = { rule: new Map<string, Counts>(), model: new Map<string, Counts>() };
  for (const m of Object.values(counts)) for (const l of labels) m.set(l, { tp: 0, fp: 0, fn: 0 });
  for (let f = 0; f < 5; f++) {
    const model = train(units.filter((u) => fold.get(u.huvudman) !== f));
    for (const u of units.filter((x) => fold.get(x.huvudman) === f)) {
      for (const l of labels) {
        const g = u.gold.has(l);
        for (const [name, p] of [['rule', anyPassage(u, l)], ['model', unitProbability(model, l, evidence(u, l)) >= 0.5]] as const) {
          const c = counts[name].get(l)!;
          if (g && p) c.tp++;
          else if (p) c.fp++;
          else if (g) c.fn++;
        }
      }
    }
  }
  const macro = (m: Map<string, Counts>) => factorIds.reduce((s, l) => s + f1(m.get(l)!), 0) / factorIds.length;
  const micro = (m: Map<string, Counts>) => f1(themeIds.map((l) => m.get(l)!).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn })));
  return { n: units.length, rule: { factors: macro(counts.rule), themes: micro(counts.rule) }, model: { factors: macro(counts.model), themes: micro(counts.model) } };
}

// --------------------------------------------------------------- shares on held-out huvudmän

function shareDraws() {
  const units = unitsBy('dialog');
  const groups = [...new Set(units.map((u) => u.huvudman))].sort();
  const rand = seededRandom(2026);
  const err = { rule: { factors: [] as number[], themes: [] as number[] }, decision: { factors: [] as number[], themes: [] as number[] }, estimate: { factors: [] as number[], themes: [] as number[] } };
  let covered = 0;
  let intervals = 0;
  let width = 0;
  for (let d = 0; d < DRAWS; d++) {
    const shuffled = [...groups].sort(() => rand() - 0.5);
    const held = new Set(shuffled.slice(0, HELD_OUT));
    const trainUnits = units.filter((u) => !held.has(u.huvudman));
    const test = units.filter((u) => held.has(u.huvudman));
    const models = [train(trainUnits)];
    const trainGroups = groups.filter((g) => !held.has(g));
    for (let b = 0; b < BOOT; b++) {
      const pick = new Set(Array.from({ length: trainGroups.length }, () => trainGroups[Math.floor(rand() * trainGroups.length)]!));
      models.push(train(trainUnits.filter((u) => pick.has(u.huvudman)), models[0]!.l2));
    }
    for (const typ of ['enskild', 'offentlig'] as const) {
      const us = test.filter((u) => u.typ === typ);
      if (!us.length) continue;
      for (const l of labels) {
        const kind = factorIds.includes(l) ? 'factors' : 'themes';
        const gold = us.filter((u) => u.gold.has(l)).length / us.length;
        const units = us.map((u) => ({ known: null, p: unitProbabilities(models, l, evidence(u, l)) }));
        const est = estimateShare(units);
        err.rule[kind].push(Math.abs(us.filter((u) => anyPassage(u, l)).length / us.length - gold));
        err.decision[kind].push(Math.abs(units.filter((u) => u.p[0]! >= 0.5).length / us.length - gold));
        err.estimate[kind].push(Math.abs(est.share - gold));
        intervals++;
        width += est.high - est.low;
        if (gold >= est.low - 1e-9 && gold <= est.high + 1e-9) covered++;
      }
    }
    process.stderr.write(`\randelar: dragning ${d + 1}/${DRAWS}`);
  }
  process.stderr.write('\n');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { err, mean, coverage: covered / intervals, width: width / intervals };
}

// --------------------------------------------------------------- output

const paragraphs = dump.length;
const goldDensity = dump.reduce((s, p) => s + p.gold.length, 0) / paragraphs;
const predDensity = dump.reduce((s, p) => s + p.pred.length, 0) / paragraphs;
console.log(`Andelar och beslut per anteckning och dialog: ${paragraphs} stycken, guld ${dumpFile} (se docs/annotation.md).\n`);
console.log('| mått | guld | förutsagt | kvot |\n|---|---|---|---|');
console.log(`| etiketter per stycke | ${goldDensity.toFixed(2)} | ${predDensity.toFixed(2)} | ${(predDensity / goldDensity).toFixed(2)} (mål 0.75–1.25) |`);

for (const level of ['note', 'dialog'] as const) {
  const r = levelF1(level);
  console.log(`\n${level === 'note' ? 'Anteckningar' : 'Dialoger'} (${r.n}), grupperad 5-delad korsvalidering per huvudman:\n`);
  console.log('| beslut | makro-F1 faktorer | mikro-F1 teman |\n|---|---|---|');
  console.log(`| något textavsnitt förutsagt (i dag) | ${r.rule.factors.toFixed(3)} | ${r.rule.themes.toFixed(3)} |`);
  console.log(`| beslutsmodell per ${level === 'note' ? 'anteckning' : 'dialog'} | ${r.model.factors.toFixed(3)} | ${r.model.themes.toFixed(3)} |`);
}

const s = shareDraws();
console.log(`\nAndel dialoger per huvudmannatyp, ${DRAWS} dragningar av ${HELD_OUT} huvudmän som hålls utanför: medelabsolutfel mot guldet\n`);
console.log('| skattning | faktorer | teman |\n|---|---|---|');
console.log(`| (a) något textavsnitt förutsagt (i dag) | ${s.mean(s.err.rule.factors).toFixed(3)} | ${s.mean(s.err.rule.themes).toFixed(3)} |`);
console.log(`| (b) beslut per dialog (p ≥ 0,5) | ${s.mean(s.err.decision.factors).toFixed(3)} | ${s.mean(s.err.decision.themes).toFixed(3)} |`);
console.log(`| (c) medelsannolikhet (skattningen) | ${s.mean(s.err.estimate.factors).toFixed(3)} | ${s.mean(s.err.estimate.themes).toFixed(3)} |`);
console.log(`\n95 %-intervallens täckning: ${(100 * s.coverage).toFixed(1)} % (mål 90–98 %), medelbredd ${(100 * s.width).toFixed(1)} procentenheter.`);

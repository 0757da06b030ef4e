// Fits the default note- and dialogue-level decision models that the service ships
// (src/analytics/data/unit-decision.json), from the re-checked gold lifted to notes and dialogues
// and the out-of-fold passage scores of eval:classify:
//
//   npm run -s eval:classify -- --gold corpus/gold-needs --dump scratch/dump-needs.json
//   npm run -s decision:train -- --dump scratch/dump-needs.json
//
// Besides the main model, BOOT models refitted on resamples of huvudmän (grouped bootstrap) carry
// the calibration uncertainty into the published intervals (src/analytics/share-estimate.ts).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DECISION_FORMAT, type DecisionModels } from '../../src/analytics/unit-decision.js';
import { projectRoot } from '../../src/store/db.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { fixtureNoteMeta, GoldUnits, loadDump } from '../../eval/gold-units.js';

const args = process.argv.slice(2);
const dumpFile = args.includes('--dump') ? args[args.indexOf('--dump') + 1]! : 'scratch/dump-needs.json';
const BOOT = 20;

const gold = new GoldUnits(loadDump(dumpFile), await fixtureNoteMeta());
const rand = seededRandom(7);
const round = (xs: number[]) => xs.map((x) => Math.round(x * 1e5) / 1e5);

function level(l: 'note' | 'dialog') {
  const units = gold.by(l);
  const groups = [...new Set(units.map((u) => u.huvudman))].sort();
  const fit = (us: typeof units, l2?: number) => {
    const m = gold.train(us, l2);
    return { ...m, weights: round(m.weights), bias: Math.round(m.bias * 1e5) / 1e5 };
  };
  // The main model chooses its penalty by grouped inner cross-validation; the refits reuse it.
  const main = fit(units);
  const boot = Array.from({ length: BOOT }, () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < groups.length; i++) {
      const g = groups[Math.floor(rand() * groups.length)]!;
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    return fit(units.flatMap((u) => Array.from({ length: counts.get(u.huvudman) ?? 0 }, () => u)), main.l2);
  });
  process.stderr.write(`${l}: ${units.length} enheter, ${groups.length} huvudmän, L2 ${main.l2}\n`);
  return { main, boot, units: units.length };
}

const out: DecisionModels = {
  format: DECISION_FORMAT,
  trainedOn: `corpus/gold-needs lifted to notes and dialogues; passage scores out-of-fold from eval:classify (${new Date().toISOString().slice(0, 10)})`,
  note: level('note'),
  dialogue: level('dialog'),
};
const file = resolve(projectRoot, 'src/analytics/data/unit-decision.json');
writeFileSync(file, JSON.stringify(out) + '\n');
console.log(`skrev ${file}`);

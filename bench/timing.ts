// Timing the classifier inside a larger job (ingest, reclassify): the service's cached classifier
// instance gets its classifyPassages wrapped, so the job runs unchanged and the time adds up here.
import type { NeedsClassifier } from '../src/classify/classifier.js';

export interface ClassifierTimer {
  /** Milliseconds spent in classifyPassages, and passages classified. */
  readonly ms: number;
  readonly passages: number;
  /** Puts the original method back. */
  restore(): void;
}

export function timeClassifier(clf: NeedsClassifier): ClassifierTimer {
  const orig = clf.classifyPassages.bind(clf);
  const timer = { ms: 0, passages: 0, restore: () => void (clf.classifyPassages = orig) };
  clf.classifyPassages = async (ps) => {
    const s = process.hrtime.bigint();
    try {
      return await orig(ps);
    } finally {
      timer.ms += Number(process.hrtime.bigint() - s) / 1e6;
      timer.passages += ps.length;
    }
  };
  return timer;
}

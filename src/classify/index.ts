// The needs classifier's public API. See docs in each file; the short version:
//   const classifier = await openClassifier(db, embedder);          // newest trained model, or day one
//   const out = classifier.toOutput((await classifier.classifyText(text)).note);   // `classify` CLI
//   reviewLabel(db, { targetId, labelId, action: 'add' | 'remove' | 'confirm', by });
//   if (shouldRetrain(db).due) ({ classifier } = await trainFromReviews(db, classifier));
//   await reclassify(db, classifier, { onProgress });
import type { Db } from '../store/db.js';
import { NeedsClassifier } from './classifier.js';
import { loadLatestModel } from './model-store.js';
import type { EmbedderLike } from './prototypes.js';

export { NeedsClassifier, type ClassifyOutput, type ClassifierOptions, type PassageInput } from './classifier.js';
export { aggregatePredictions } from './aggregate.js';
export { classifyPreparedNotes, predictionDeriver } from './ingest-hooks.js';
export { defaultModel, DEFAULT_PRIOR, MODEL_FORMAT, type ModelState } from './model.js';
export { loadLatestModel, saveModel, type StoredModel } from './model-store.js';
export { writePredictions, MIN_STORED_SCORE } from './predictions-store.js';
export { reclassify, type ReclassifyOptions, type ReclassifyReport } from './reclassify.js';
export { DEFAULT_RETRAIN_AFTER, shouldRetrain, trainFromReviews, type RetrainStatus, type TrainReport } from './retrain.js';
export { effectiveLabels, resolveTarget, ReviewError, reviewLabel, type EffectiveLabel, type ReviewAction, type ReviewInput, type ReviewResult } from './review.js';
export { trainModel, type TrainingExample, type TrainOptions } from './train.js';
export { collectTrainingData } from './training-data.js';
export type { EmbedderLike } from './prototypes.js';

/** A classifier with the newest stored model (or the day-one rule when none was trained yet). */
export async function openClassifier(db: Db, embedder: EmbedderLike | null): Promise<NeedsClassifier> {
  return NeedsClassifier.create({ embedder, model: loadLatestModel(db)?.state ?? null });
}

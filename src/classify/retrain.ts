// Training the supervised part from everything people reviewed, storing it, and the rule for when
// to train again.
import type { Db } from '../store/db.js';
import type { NeedsClassifier } from './classifier.js';
import { latestModelInfo, saveModel, type StoredModel } from './model-store.js';
import { storedVectors } from './passage-vectors.js';
import { trainModel, type TrainOptions } from './train.js';
import { collectTrainingData } from './training-data.js';

export interface TrainReport {
  /** Passages with at least one training target. */
  passages: number;
  reviewedLabels: number;
  /** The stored model; null when there was nothing to train on (the day-one rule stays). */
  model: StoredModel | null;
  /** The classifier with the new model (the given one when nothing was trained). */
  classifier: NeedsClassifier;
}

export async function trainFromReviews(db: Db, classifier: NeedsClassifier, opts: TrainOptions = {}): Promise<TrainReport> {
  const data = collectTrainingData(db, classifier.labelIds);
  if (!data.passages.length) return { passages: 0, reviewedLabels: data.reviewedLabels, model: null, classifier };
  const modelId = classifier.embedder?.modelId ?? null;
  const vectors = storedVectors(db, data.passages.map((p) => p.passageNum), modelId);
  const features = await classifier.featurize(data.passages.map((p) => ({ text: p.text, vector: vectors.get(p.passageNum) ?? null })));
  const state = trainModel(
    data.passages.map((p, i) => ({ x: features[i]!.x, group: p.huvudmanId, labels: p.labels })),
    classifier.labelIds,
    { embeddingModelId: modelId, embeddingDim: classifier.embedder?.dim ?? 0, reviewedLabels: data.reviewedLabels, ...opts },
  );
  const model = saveModel(db, state, data.reviewedLabels);
  return { passages: data.passages.length, reviewedLabels: data.reviewedLabels, model, classifier: classifier.withModel(state) };
}

/** Train again after this many new or changed reviews. */
export const DEFAULT_RETRAIN_AFTER = 20;

export interface RetrainStatus {
  due: boolean;
  /** Reviewed labels created or changed since the newest model (all of them when there is none). */
  newReviews: number;
  after: number;
}

export function shouldRetrain(db: Db, after = DEFAULT_RETRAIN_AFTER): RetrainStatus {
  const latest = latestModelInfo(db);
  const newReviews = latest
    ? (db.$client.prepare(`SELECT count(*) FROM label WHERE source = 'reviewed' AND created_at > ?`).pluck().get(latest.createdAt) as number)
    : (db.$client.prepare(`SELECT count(*) FROM label WHERE source = 'reviewed'`).pluck().get() as number);
  return { due: newReviews >= after, newReviews, after };
}

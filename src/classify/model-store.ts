// Keeping the trained state in classifier_model (one row per training run; the newest is used).
import { desc } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { classifierModel } from '../store/schema.js';
import { isModelState, type ModelState } from './model.js';

export interface StoredModel {
  id: number;
  createdAt: string;
  trainedOn: number;
  state: ModelState;
}

/** The newest stored model, or null (then the classifier runs on the day-one rule). */
export function loadLatestModel(db: Db): StoredModel | null {
  const rows = db.select().from(classifierModel).orderBy(desc(classifierModel.id)).limit(5).all();
  for (const r of rows) {
    const state = typeof r.state === 'string' ? (JSON.parse(r.state) as unknown) : r.state;
    if (isModelState(state)) return { id: r.id, createdAt: r.createdAt, trainedOn: r.trainedOn, state };
  }
  return null;
}

/** Id and time of the newest stored model, without reading its (large) state; null when none. */
export function latestModelInfo(db: Db): { id: number; createdAt: string } | null {
  return db.select({ id: classifierModel.id, createdAt: classifierModel.createdAt }).from(classifierModel).orderBy(desc(classifierModel.id)).limit(1).get() ?? null;
}

export function saveModel(db: Db, state: ModelState, trainedOn: number): StoredModel {
  const createdAt = state.createdAt;
  const row = db.insert(classifierModel).values({ createdAt, trainedOn, state }).returning({ id: classifierModel.id }).get();
  return { id: row.id, createdAt, trainedOn, state };
}

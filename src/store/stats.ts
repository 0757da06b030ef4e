import { sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { dialog, huvudman, label, note, passage } from './schema.js';

export interface Stats {
  huvudman: number;
  dialogues: number;
  notes: { godkand: number; utkast: number; aterkallad: number };
  passages: number;
  labels: { reviewed: number; predicted: number };
}

export function collectStats(db: Db): Stats {
  const count = (table: typeof huvudman | typeof dialog | typeof passage) =>
    db.select({ n: sql<number>`count(*)` }).from(table).get()?.n ?? 0;
  const byStatus = db.select({ status: note.status, n: sql<number>`count(*)` }).from(note).groupBy(note.status).all();
  const bySource = db.select({ source: label.source, n: sql<number>`count(*)` }).from(label).groupBy(label.source).all();
  const notes = { godkand: 0, utkast: 0, aterkallad: 0 };
  for (const r of byStatus) if (r.status in notes) notes[r.status as keyof typeof notes] = r.n;
  const labels = { reviewed: 0, predicted: 0 };
  for (const r of bySource) labels[r.source] = r.n;
  return { huvudman: count(huvudman), dialogues: count(dialog), notes, passages: count(passage), labels };
}

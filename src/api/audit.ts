// The audit log: who asked what, when, and how many results came back. Never note text: the
// detail holds the request's parameters (a search query is fine), ids and counts only.
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { auditLog } from '../store/schema.js';

export type AuditAction =
  | 'search'
  | 'passage'
  | 'similar'
  | 'brief'
  | 'classify'
  | 'report'
  | 'export'
  | 'quotes'
  | 'emerging'
  | 'target'
  | 'review'
  | 'review-queue'
  | 'train'
  | 'reclassify'
  | 'ingest-upload'
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'user-create'
  | 'user-update'
  | 'audit-read';

export function audit(db: Db, actor: string, action: AuditAction, detail: Record<string, unknown>, resultCount: number | null = null): void {
  db.insert(auditLog).values({ actor, action, detail, resultCount }).run();
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  before?: number;
}

export function readAudit(db: Db, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.actor) where.push(eq(auditLog.actor, q.actor));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.from) where.push(gte(auditLog.at, q.from));
  if (q.to) where.push(lte(auditLog.at, q.to));
  if (q.before) where.push(lt(auditLog.id, q.before));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit)
    .all();
}

// The audit log: who asked what, when, and how many results came back. Never note text: the
// detail holds the request's parameters (a search query, redacted like note text), ids and counts.
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { auditLog } from '../store/schema.js';
import { auditActor, redactLogDetail } from '../privacy/log-redaction.js';

export type AuditAction =
  | 'search'
  | 'passage'
  | 'similar'
  | 'brief'
  | 'followups'
  | 'networks'
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

type AuditRow = typeof auditLog.$inferInsert;
interface Pending {
  rows: AuditRow[];
  timer: NodeJS.Timeout | null;
}
const pending = new WeakMap<Db, Pending>();
const RETRY_MS = 50;

/**
 * Logs a request. The row is written at once when the database is free; while another process
 * (the ingest worker) holds the write lock it waits in memory and is retried, so a request never
 * blocks the event loop on the lock (better-sqlite3's busy wait is synchronous). Time is the
 * request's, not the write's.
 */
export function audit(db: Db, actor: string, action: AuditAction, detail: Record<string, unknown>, resultCount: number | null = null): void {
  const p = pending.get(db) ?? { rows: [], timer: null };
  pending.set(db, p);
  p.rows.push({ at: new Date().toISOString(), actor: auditActor(action, actor), action, detail: redactLogDetail(detail), resultCount });
  if (!p.timer) flushAudit(db, { wait: false });
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
}

/** Writes the waiting rows; `wait: true` (shutdown, reading the log) waits for the lock as usual. */
export function flushAudit(db: Db, opts: { wait: boolean } = { wait: true }): void {
  const p = pending.get(db);
  if (!p || !p.rows.length || !db.$client.open) return;
  if (p.timer) {
    clearTimeout(p.timer);
    p.timer = null;
  }
  const client = db.$client;
  const prev = client.pragma('busy_timeout', { simple: true }) as number;
  if (!opts.wait) client.pragma('busy_timeout = 0');
  try {
    db.insert(auditLog).values(p.rows).run();
    p.rows = [];
  } catch (e) {
    if (opts.wait || !isBusy(e)) throw e;
    p.timer = setTimeout(() => flushAudit(db, { wait: false }), RETRY_MS);
    p.timer.unref();
  } finally {
    if (!opts.wait) client.pragma(`busy_timeout = ${prev}`);
  }
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
  flushAudit(db);
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

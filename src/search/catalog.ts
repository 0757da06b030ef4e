// An in-memory catalog of approved passages' metadata, so filters run as a fast predicate inside
// both retrievers. It is reloaded when the database changed (PRAGMA data_version notices commits
// of other connections; `invalidate()` marks this process's own writes). Staleness never leaks
// text: every hit is resolved through SQL, which only has approved passages.
import { LRUCache } from 'lru-cache';
import type { Db } from '../store/db.js';
import { filtersKey, type PassageMeta, type SearchFilters } from './filters.js';

/** How many filter results are kept per catalog version (users repeat their filters). */
const FILTER_CACHE_SIZE = 32;

export class PassageCatalog {
  private byNum = new Map<number, PassageMeta>();
  private readonly filterCache = new LRUCache<string, Set<number>>({ max: FILTER_CACHE_SIZE });
  private version = -1;
  private dirty = true;
  private reloads = 0;

  /**
   * `labelsOf` says which labels hold for each passage; the service passes the analytics' decision
   * (a passage label counts where its note is decided to carry it), so that search filters read
   * the same decision as the reports. The default is the passage-level rule alone.
   */
  constructor(
    private readonly db: Db,
    private readonly labelsOf: (db: Db) => Map<string, Set<string>> = effectivePassageLabels,
  ) {}

  invalidate(): void {
    this.dirty = true;
  }

  get(num: number): PassageMeta | undefined {
    this.refresh();
    return this.byNum.get(num);
  }

  all(): Iterable<PassageMeta> {
    this.refresh();
    return this.byNum.values();
  }

  /** The passage nums that pass the filters; cached until the catalog changes. */
  matching(filters: SearchFilters, predicate: (m: PassageMeta, f: SearchFilters) => boolean): Set<number> {
    this.refresh();
    const key = filtersKey(filters);
    let hit = this.filterCache.get(key);
    if (!hit) {
      hit = new Set<number>();
      for (const m of this.byNum.values()) if (predicate(m, filters)) hit.add(m.num);
      this.filterCache.set(key, hit);
    }
    return hit;
  }

  /** Changes whenever the approved passages or their labels may have changed (for caches). */
  get generation(): number {
    this.refresh();
    return this.reloads;
  }

  get size(): number {
    this.refresh();
    return this.byNum.size;
  }

  private refresh(): void {
    const version = this.db.$client.pragma('data_version', { simple: true }) as number;
    if (!this.dirty && version === this.version) return;
    this.version = version;
    this.dirty = false;
    this.byNum = loadPassageMeta(this.db, this.labelsOf);
    this.filterCache.clear();
    this.reloads++;
  }
}

export function loadPassageMeta(db: Db, labelsOf: (db: Db) => Map<string, Set<string>> = effectivePassageLabels): Map<number, PassageMeta> {
  const rows = db.$client
    .prepare(
      `SELECT p.num, p.id AS passageId, p.note_id AS noteId, n.huvudman_id AS huvudmanId, h.typ AS huvudmanTyp,
              h.skolformer, h.region, h.antal_barn_elever AS size, d.cykel, d.omgang, n.typ AS noteTyp, n.datum
         FROM passage p JOIN note n ON n.id = p.note_id JOIN dialog d ON d.id = n.dialog_id JOIN huvudman h ON h.id = n.huvudman_id
        WHERE n.status = 'godkand'`,
    )
    .all() as (Omit<PassageMeta, 'skolformer' | 'labels'> & { skolformer: string })[];
  const labels = labelsOf(db);
  const out = new Map<number, PassageMeta>();
  for (const r of rows) out.set(r.num, { ...r, skolformer: JSON.parse(r.skolformer) as string[], labels: labels.get(r.passageId) ?? new Set() });
  return out;
}

/**
 * Labels that hold for each passage: a reviewed label (confirmed or rejected by a person) wins
 * over a prediction; a positive reviewed label on the whole note holds for its passages unless a
 * person rejected it on the passage.
 */
export function effectivePassageLabels(db: Db): Map<string, Set<string>> {
  const rows = db.$client
    .prepare(
      `SELECT l.target_kind AS kind, l.target_id AS target, l.note_id AS noteId, l.label_id AS labelId, l.source, l.positive
         FROM label l JOIN note n ON n.id = l.note_id WHERE n.status = 'godkand'`,
    )
    .all() as { kind: 'note' | 'passage'; target: string; noteId: string; labelId: string; source: 'reviewed' | 'predicted'; positive: number }[];
  const passageDecision = new Map<string, Map<string, { source: string; positive: boolean }>>();
  const noteReviewed = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.kind === 'note') {
      if (r.source === 'reviewed' && r.positive) (noteReviewed.get(r.noteId) ?? noteReviewed.set(r.noteId, new Set()).get(r.noteId)!).add(r.labelId);
      continue;
    }
    const m = passageDecision.get(r.target) ?? passageDecision.set(r.target, new Map()).get(r.target)!;
    const prev = m.get(r.labelId);
    if (!prev || (prev.source === 'predicted' && r.source === 'reviewed')) m.set(r.labelId, { source: r.source, positive: !!r.positive });
  }
  const passagesOfNote = db.$client.prepare(`SELECT id FROM passage WHERE note_id = ?`).pluck();
  const out = new Map<string, Set<string>>();
  for (const [pid, m] of passageDecision) out.set(pid, new Set([...m].filter(([, d]) => d.positive).map(([id]) => id)));
  for (const [noteId, ids] of noteReviewed) {
    for (const pid of passagesOfNote.all(noteId) as string[]) {
      const decided = passageDecision.get(pid);
      const set = out.get(pid) ?? out.set(pid, new Set()).get(pid)!;
      for (const id of ids) if (!(decided?.get(id)?.source === 'reviewed' && !decided.get(id)!.positive)) set.add(id);
    }
  }
  return out;
}

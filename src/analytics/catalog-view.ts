// The dataset's passages in the shape search's PassageCatalog gives (for similarHuvudman), so a
// brief need not load the search catalog — which reads every label row of the store — when the
// analytics have already decided the labels. Labels are the analytics' effective labels.
import type { PassageCatalog } from '../search/catalog.js';
import type { PassageMeta } from '../search/filters.js';
import type { Dataset } from './dataset.js';

export function catalogView(ds: Dataset): PassageCatalog {
  const metas: PassageMeta[] = [];
  for (const d of ds.dialogues)
    for (const noteId of d.noteIds) {
      const n = ds.raw.notes.get(noteId)!;
      for (const pid of n.passageIds) {
        const p = ds.raw.passages.get(pid)!;
        metas.push({
          num: p.num, passageId: pid, noteId, huvudmanId: d.huvudman.id, huvudmanTyp: d.huvudman.typ, skolformer: d.huvudman.skolformer, region: d.huvudman.region,
          size: d.huvudman.size, cykel: d.cykel, omgang: d.omgang, noteTyp: n.typ, datum: n.datum, labels: new Set(ds.decisions.passages.get(pid)?.keys() ?? []),
        });
      }
    }
  const byNum = new Map(metas.map((m) => [m.num, m]));
  const view: Pick<PassageCatalog, 'all' | 'get' | 'size' | 'invalidate'> = { all: () => metas, get: (num) => byNum.get(num), size: metas.length, invalidate: () => {} };
  // similarHuvudman only iterates all(); PassageCatalog is a class, so the view is cast to it.
  return view as unknown as PassageCatalog;
}

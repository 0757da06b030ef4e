import { findPersonnummerSpans } from '../src/text/redact.js';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Service } from '../src/service.js';
import { matchesFilters, isOnlyForskola } from '../src/search/filters.js';
import { lexicalSearch } from '../src/search/lexical-index.js';
import { queryTerms } from '../src/search/query-terms.js';
import { similarHuvudman } from '../src/search/similar.js';
import { makeBundle, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let service: Service;

beforeAll(async () => {
  t = tempDir();
  service = await Service.open({ db: join(t.dir, 'search.db') });
  const rep = await service.ingest([resolve('corpus/fixtures')]);
  expect(rep.errors).toEqual([]);
});
afterAll(() => {
  service.close();
  t.cleanup();
});

describe('hybrid search over the fixture corpus', () => {
  it('finds long-term absence for "hemmasittare", a word no note uses', async () => {
    const { hits } = await service.searcher.search({ query: 'hemmasittare', limit: 5 });
    expect(hits.length).toBe(5);
    for (const h of hits.slice(0, 3)) expect(h.text.toLowerCase()).toMatch(/frånvaro|närvaro|borta|inte kommer/);
  });

  it('finds the political level for "nämnden ser bara siffror per skolform"', async () => {
    const { hits } = await service.searcher.search({ query: 'nämnden ser bara siffror per skolform', limit: 5 });
    expect(hits.filter((h) => /nämnd/i.test(h.text)).length).toBeGreaterThanOrEqual(3);
  });

  it('label-aware ranking: a query the classifier maps to a theme lifts passages decided to carry it (hybrid only)', async () => {
    const query = 'barnen mår dåligt och kuratorn hinner inte med';
    const carries = (hits: { passageId: string }[], label: string) =>
      hits.filter((h) => [...service.catalog.all()].find((m) => m.passageId === h.passageId)?.labels.has(label)).length;
    const labels = (await (await service.classifier()).classifyText(query)).note.filter((l) => l.score >= 0.5).map((l) => l.id);
    expect(labels.length).toBeGreaterThan(0);
    const label = labels[0]!;
    const plain = await service.searcher.search({ query, limit: 10 }, { labelBoost: { minScore: 0.5, weight: 0 } });
    const boosted = await service.searcher.search({ query, limit: 10 });
    expect(carries(boosted.hits, label)).toBeGreaterThan(carries(plain.hits, label));
    // Lexical mode stays plain BM25, whatever the query is about.
    const lexical = await service.searcher.search({ query, limit: 10, mode: 'lexical' });
    const lexicalUnboosted = await service.searcher.search({ query, limit: 10, mode: 'lexical' }, { labelBoost: { minScore: 0.5, weight: 0 } });
    expect(lexical.hits.map((h) => h.passageId)).toEqual(lexicalUnboosted.hits.map((h) => h.passageId));
  });

  it('every mode returns redacted approved passages only', async () => {
    for (const mode of ['lexical', 'vector', 'hybrid'] as const) {
      const { hits } = await service.searcher.search({ query: 'kontakt telefon e-post personnummer', limit: 50, mode });
      for (const h of hits) {
        // Organisationsnummer (212000-2528) stay; a personnummer of any grade must not.
        expect(findPersonnummerSpans(h.text)).toEqual([]);
        expect(h.text).not.toMatch(/@/);
        expect(h.text).not.toMatch(/07\d-\d{3} \d{2} \d{2}/);
      }
      const status = service.db.$client.prepare(`SELECT DISTINCT status FROM note WHERE id IN (${hits.map(() => '?').join(',') || "''"})`).pluck().all(...hits.map((h) => h.noteId));
      expect(status.every((s) => s === 'godkand')).toBe(true);
    }
  });

  it('never shows words that occur only in drafts or withdrawn notes', async () => {
    for (const word of ['Tranbärsmodellen', 'Blåklintsplanen', 'Tuvamodellen', 'Havsörnsmodellen', 'Kristallrummet']) {
      for (const mode of ['lexical', 'vector', 'hybrid'] as const) {
        const { hits } = await service.searcher.search({ query: word, limit: 20, mode });
        for (const h of hits) expect(h.text).not.toContain(word);
      }
    }
  });

  it('filters never leak a non-matching hit, in any mode', async () => {
    const filterSets = [
      { typ: 'enskild' as const },
      { typ: 'offentlig' as const },
      { endastForskola: true },
      { skolform: 'gymnasieskola' as const },
      { region: 'Luleå' as const, cykel: 1 },
      { noteTyp: 'aterkoppling' as const, franDatum: '2024-01-01', tillDatum: '2024-12-31' },
      { minStorlek: 1000 },
    ];
    for (const filters of filterSets) {
      for (const mode of ['lexical', 'vector', 'hybrid'] as const) {
        const { hits } = await service.searcher.search({ query: 'kvalitetsarbete och ansvar', limit: 30, mode, filters });
        expect(hits.length, JSON.stringify(filters)).toBeGreaterThan(0);
        for (const h of hits) {
          const meta = [...service.catalog.all()].find((m) => m.passageId === h.passageId)!;
          expect(matchesFilters(meta, filters), `${JSON.stringify(filters)} ${h.passageId}`).toBe(true);
        }
      }
    }
  });

  it('under a filter each retriever returns the best of the allowed passages, as ranking all and filtering would', async () => {
    const query = 'rektorerna och förvaltningen följer upp frånvaron';
    const q = queryTerms(query);
    const everything = lexicalSearch(service.db, q, 100_000);
    const v = await service.embedder.embedQuery(query);
    const allVectors = service.vectors.exact(v, 100_000);
    for (const filters of [{ region: 'Luleå' as const, cykel: 1 }, { typ: 'offentlig' as const }, { endastForskola: true }]) {
      const allowed = service.catalog.matching(filters, matchesFilters);
      // Selective enough that the first page of the unfiltered ranking would not hold ten of them.
      expect(everything.slice(0, 10).filter((h) => allowed.has(h.num)).length, JSON.stringify(filters)).toBeLessThan(10);
      const lexical = lexicalSearch(service.db, q, 10, (num) => allowed.has(num));
      expect(lexical.map((h) => h.num), JSON.stringify(filters)).toEqual(everything.filter((h) => allowed.has(h.num)).slice(0, 10).map((h) => h.num));
      const vector = service.vectors.search(v, 10, allowed);
      expect(vector.map((h) => h.num), JSON.stringify(filters)).toEqual(allVectors.filter((h) => allowed.has(h.num)).slice(0, 10).map((h) => h.num));
    }
  });

  it('"only förskola" means exactly the huvudmän with no other skolform', () => {
    expect(isOnlyForskola(['forskola'])).toBe(true);
    expect(isOnlyForskola(['forskola', 'fritidshem'])).toBe(false);
    expect(isOnlyForskola([])).toBe(false);
  });

  it('one hit per note when asked', async () => {
    const { hits } = await service.searcher.search({ query: 'systematiskt kvalitetsarbete', limit: 20, onePerNote: true });
    expect(new Set(hits.map((h) => h.noteId)).size).toBe(hits.length);
  });

  it('highlights point at words of the passage that match the query', async () => {
    const { hits } = await service.searcher.search({ query: 'elevhälsa', limit: 5, mode: 'lexical' });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.highlights.length).toBeGreaterThan(0);
      for (const [s, e] of h.highlights) expect(h.text.slice(s, e).toLowerCase()).toMatch(/elev|hälsa|hälso|eht/);
    }
  });

  it('an empty or a 10,000-character query gets a clear answer', async () => {
    await expect(service.searcher.search({ query: '   ' })).rejects.toThrow(/sökfrågan är tom/);
    await expect(service.searcher.search({ query: 'elevhälsa '.repeat(1000) })).rejects.toThrow(/sökfrågan är för lång \(högst 2000 tecken\)/);
  });
});

describe('withdrawal in a running service', () => {
  it('a withdrawn note disappears from results at once', async () => {
    const secret = 'Snöugglemetoden för närvarofrämjande arbete';
    const file = join(t.dir, 'w.json');
    writeFileSync(file, JSON.stringify(makeBundle({ huvudman: { id: 'hm-w' }, note: { id: 'hm-w-n1', text: `${secret} beskrevs utförligt.` } })));
    await service.ingest([file]);
    for (const mode of ['lexical', 'vector'] as const) {
      const { hits } = await service.searcher.search({ query: 'Snöugglemetoden', limit: 3, mode });
      expect(hits.map((h) => h.noteId)).toContain('hm-w-n1');
    }
    writeFileSync(file, JSON.stringify(makeBundle({ huvudman: { id: 'hm-w' }, note: { id: 'hm-w-n1', status: 'aterkallad', text: `${secret} beskrevs utförligt.` } })));
    await service.ingest([file]);
    for (const mode of ['lexical', 'vector', 'hybrid'] as const) {
      const { hits } = await service.searcher.search({ query: 'Snöugglemetoden närvarofrämjande', limit: 50, mode });
      expect(hits.map((h) => h.noteId)).not.toContain('hm-w-n1');
    }
    expect(service.vectors.size).toBe(service.catalog.size);
  });

  it('a withdrawal made by another process is seen by the running service', async () => {
    const file = join(t.dir, 'w2.json');
    writeFileSync(file, JSON.stringify(makeBundle({ huvudman: { id: 'hm-w2' }, note: { id: 'hm-w2-n1', text: 'Gullvivemodellen för kollegialt lärande.' } })));
    await service.ingest([file]);
    // The passage's own text as the query: whatever the model, the note must be in the vector index first.
    expect((await service.searcher.search({ query: 'Gullvivemodellen för kollegialt lärande.', limit: 3, mode: 'vector' })).hits.map((h) => h.noteId)).toContain('hm-w2-n1');
    const other = await Service.open({ db: service.dbPath });
    writeFileSync(file, JSON.stringify(makeBundle({ huvudman: { id: 'hm-w2' }, note: { id: 'hm-w2-n1', status: 'aterkallad', text: 'x' } })));
    await other.ingest([file]);
    other.close();
    for (const mode of ['lexical', 'vector', 'hybrid'] as const) {
      const { hits } = await service.searcher.search({ query: 'Gullvivemodellen kollegialt lärande', limit: 50, mode });
      expect(hits.map((h) => h.noteId)).not.toContain('hm-w2-n1');
    }
  });
});

describe('similar huvudmän', () => {
  it('ranks structurally and thematically close huvudmän first, with reasons', () => {
    const hm = service.db.$client.prepare(`SELECT id, typ, skolformer FROM huvudman WHERE typ = 'kommun' ORDER BY id LIMIT 1`).get() as { id: string };
    const similar = similarHuvudman(service.db, service.catalog, service.vectors, hm.id, 5);
    expect(similar).toHaveLength(5);
    expect(similar.map((s) => s.huvudmanId)).not.toContain(hm.id);
    const typOf = service.db.$client.prepare(`SELECT typ FROM huvudman WHERE id = ?`).pluck();
    // Most of the five nearest to a kommun are public organisers, not small private förskolor.
    expect(similar.filter((s) => typOf.get(s.huvudmanId) !== 'enskild').length).toBeGreaterThanOrEqual(3);
    for (const s of similar) expect(s.why.length).toBeGreaterThan(5);
    for (let i = 1; i < similar.length; i++) expect(similar[i - 1]!.score).toBeGreaterThanOrEqual(similar[i]!.score);
  });

  it('an unknown huvudman is a clear error', () => {
    expect(() => similarHuvudman(service.db, service.catalog, service.vectors, 'hm-finns-inte')).toThrow(/okänd huvudman "hm-finns-inte"/);
  });
});

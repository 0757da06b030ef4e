// Networks of small förskolor (from 2026, yearly, in chosen regions): the invitation list, every
// huvudman that qualifies (enskild, only förskola, at most 50 children), and proposed groups of
// about a chosen size over the chosen regions whose members share needs, from the dialogue-level
// decisions and probabilities (#13). Each
// group gets the needs most of its members share as a suggested agenda. How much more alike the
// groups are than random groups of the same sizes is reported with them. Pure but for the read.
import { isOnlyForskola } from '../search/filters.js';
import { seededRandom } from '../util/seeded-random.js';
import { loadDataset, type Dataset } from './dataset.js';
import { labelIds, labelName } from './labels.js';
import type { HuvudmanInfo } from './types.js';

/** The rule of the networks: enskild huvudman, only förskola, at most this many children. */
export const MAX_CHILDREN = 50;

export function qualifiesForNetwork(h: Pick<HuvudmanInfo, 'typ' | 'skolformer' | 'size'>): boolean {
  return h.typ === 'enskild' && isOnlyForskola(h.skolformer) && h.size !== null && h.size <= MAX_CHILDREN;
}

export interface NetworkRequest {
  regions?: string[];
  /** Wished group size (default 8); groups get sizes as even as the count allows. */
  size?: number;
  dataset?: Dataset;
}

export interface NetworkMember {
  huvudmanId: string;
  namn: string;
  region: string;
  kommun: string | null;
  antalBarn: number;
  /** Needs (codebook ids) decided in any of its dialogues. */
  needs: string[];
}

export interface NetworkGroup {
  id: number;
  regions: string[];
  members: NetworkMember[];
  /** Needs at least half the members share, most shared first: the suggested agenda. */
  agenda: { label: string; name: string; members: number }[];
  similarity: number;
}

export interface NetworkReport {
  report: 'networks';
  regions: string[] | null;
  rule: string;
  invited: NetworkMember[];
  groups: NetworkGroup[];
  /**
   * Mean pairwise similarity of the need profiles (cosine of the centred mean probabilities) within
   * the proposed groups, and within random groups of the same sizes in the same regions.
   */
  similarity: { proposed: number; random: number };
}

const cosine = (a: Float64Array, b: Float64Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

function meanPairwise(groups: readonly number[][], vec: readonly Float64Array[]): number {
  let sum = 0;
  let pairs = 0;
  for (const g of groups)
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++) {
        sum += cosine(vec[g[i]!]!, vec[g[j]!]!);
        pairs++;
      }
  return pairs ? sum / pairs : 0;
}

/** Balanced groups of alike members: seeds far apart, then each member to the closest group with room. */
function proposeGroups(vec: readonly Float64Array[], size: number): number[][] {
  const n = vec.length;
  if (!n) return [];
  const k = Math.max(1, Math.round(n / size));
  const cap = Math.ceil(n / k);
  const seeds = [0];
  while (seeds.length < k) {
    let best = -1;
    let bestSim = Infinity;
    for (let i = 0; i < n; i++) {
      if (seeds.includes(i)) continue;
      const sim = Math.max(...seeds.map((s) => cosine(vec[i]!, vec[s]!)));
      if (sim < bestSim) [best, bestSim] = [i, sim];
    }
    seeds.push(best);
  }
  const groups = seeds.map((s) => [s]);
  // The members closest to some seed choose first, so that clear cases are not crowded out.
  const rest = [...Array(n).keys()].filter((i) => !seeds.includes(i));
  const affinity = (i: number, g: number[]) => g.reduce((a, m) => a + cosine(vec[i]!, vec[m]!), 0) / g.length;
  rest.sort((a, b) => Math.max(...groups.map((g) => affinity(b, g))) - Math.max(...groups.map((g) => affinity(a, g))) || a - b);
  for (const i of rest) {
    let best = -1;
    let bestAff = -Infinity;
    groups.forEach((g, gi) => {
      if (g.length >= cap) return;
      const a = affinity(i, g);
      if (a > bestAff) [best, bestAff] = [gi, a];
    });
    groups[best]!.push(i);
  }
  return groups;
}

export function smallForskolaNetworks(ds: Dataset, req: NetworkRequest = {}): NetworkReport {
  const size = Math.max(2, Math.min(30, req.size ?? 8));
  const regions = req.regions?.length ? req.regions : null;
  const labels = labelIds('all');
  const needsOf = new Map<string, Set<string>>();
  for (const d of ds.dialogues) {
    const s = needsOf.get(d.huvudman.id) ?? needsOf.set(d.huvudman.id, new Set()).get(d.huvudman.id)!;
    for (const l of d.labels.keys()) s.add(l);
  }
  const invited: NetworkMember[] = [...ds.raw.huvudman.values()]
    .filter((h) => qualifiesForNetwork(h) && (!regions || regions.includes(h.region)))
    .sort((a, b) => a.region.localeCompare(b.region, 'sv') || a.namn.localeCompare(b.namn, 'sv') || a.id.localeCompare(b.id))
    .map((h) => ({ huvudmanId: h.id, namn: h.namn, region: h.region, kommun: h.kommun, antalBarn: h.size!, needs: labels.filter((l) => needsOf.get(h.id)?.has(l)) }));

  // Need profiles: the mean probability over the huvudman's dialogues per label (a reviewed answer
  // counts as 0 or 1), centred on the invited huvudmän's mean, so that the needs nearly all of
  // them share do not make everyone look alike.
  const profile = new Map<string, Float64Array>();
  const dialogues = new Map<string, number>();
  for (const d of ds.dialogues) {
    const v = profile.get(d.huvudman.id) ?? profile.set(d.huvudman.id, new Float64Array(labels.length)).get(d.huvudman.id)!;
    labels.forEach((l, i) => {
      const e = d.estimates.get(l);
      v[i]! += e ? (e.known ?? e.p[0]!) : 0;
    });
    dialogues.set(d.huvudman.id, (dialogues.get(d.huvudman.id) ?? 0) + 1);
  }
  const raw = invited.map((m) => (profile.get(m.huvudmanId) ?? new Float64Array(labels.length)).map((x) => x / (dialogues.get(m.huvudmanId) || 1)));
  const mean = new Float64Array(labels.length);
  for (const v of raw) v.forEach((x, i) => (mean[i]! += x / raw.length));
  const vec = raw.map((v) => v.map((x, i) => x - mean[i]!));

  // Groups over the chosen regions together (choose one region for groups that meet locally).
  const proposedIdx = proposeGroups(vec, size);
  const groups: NetworkGroup[] = proposedIdx.map((g, gi) => {
    const members = g.map((i) => invited[i]!);
    const count = new Map<string, number>();
    for (const m of members) for (const l of m.needs) count.set(l, (count.get(l) ?? 0) + 1);
    const agenda = [...count]
      .filter(([, c]) => c * 2 >= members.length)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([label, c]) => ({ label, name: labelName(label), members: c }));
    return { id: gi + 1, regions: [...new Set(members.map((m) => m.region))].sort(), members, agenda, similarity: Math.round(meanPairwise([g], vec) * 1000) / 1000 };
  });
  // Random groups of the same sizes, for the comparison.
  const rand = seededRandom(17);
  const randomIdx: number[][] = [];
  for (let draw = 0; draw < 200; draw++) {
    const shuffled = [...invited.keys()].sort(() => rand() - 0.5);
    let at = 0;
    for (const g of proposedIdx) {
      randomIdx.push(shuffled.slice(at, at + g.length));
      at += g.length;
    }
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    report: 'networks',
    regions,
    rule: `enskild huvudman, bara förskola, högst ${MAX_CHILDREN} barn`,
    invited,
    groups,
    similarity: { proposed: r3(meanPairwise(proposedIdx, vec)), random: r3(meanPairwise(randomIdx, vec)) },
  };
}

/** Reads the store and proposes the networks. */
export function networks(db: Parameters<typeof loadDataset>[0], req: NetworkRequest = {}): NetworkReport {
  return smallForskolaNetworks(req.dataset ?? loadDataset(db), req);
}

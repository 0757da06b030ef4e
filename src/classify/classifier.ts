// The needs classifier: passages in, one LabelPrediction per codebook label out (score in [0, 1],
// yes/no from the label's threshold, evidence sentences). Signals (a) phrases and (b) prototypes
// feed the model as features; with no reviewed labels the model is the day-one rule over (a) and (b),
// after training it is the supervised one-vs-rest model (see train.ts). The embedder is optional:
// without it signal (b) and the embedding features are simply absent.
import { loadCodebook, type Codebook } from '../codebook/index.js';
import type { LabelPrediction, NotePredictions } from '../ingest/prepare.js';
import { splitPassages } from '../ingest/passages.js';
import { aggregatePredictions } from './aggregate.js';
import { loadCues, type Cues } from './cues.js';
import { buildFeatureVector, fi, sentenceTermFeatures, TERM_SCALE, Z_FLOOR, type PassageFeatures, type SentenceFeatures } from './features.js';
import { compileLabels, type LabelSpec } from './labels.js';
import { compileModel, defaultModel, scoreAll, type CompiledModel, type ModelState } from './model.js';
import { phraseSignal } from './phrase-signal.js';
import { buildPrototypes, centre, nearestMember, similarities, zScores, type EmbedderLike, type Prototypes } from './prototypes.js';
import { analyzePassage } from './sentences.js';

export interface PassageInput {
  text: string;
  /** The passage's embedding when it is already known (e.g. from ingest); computed otherwise. */
  vector?: Float32Array | null;
}

export interface ClassifierOptions {
  codebook?: Codebook;
  /** Embedder for signal (b); null or absent: phrases and terms only. */
  embedder?: EmbedderLike | null;
  /** Trained state; absent: the day-one rule. */
  model?: ModelState | null;
}

/** Sentences given as evidence for a predicted label, and for a label that is not predicted. */
const MAX_EVIDENCE = 2;
/** Logit contribution a sentence needs to be evidence for a label that is not predicted. */
const STRONG_EVIDENCE = 1.5;
/** Texts per embedder call. */
const EMBED_CHUNK = 512;

export class NeedsClassifier {
  readonly labelIds: string[];
  private readonly compiled: CompiledModel;

  private constructor(
    readonly codebook: Codebook,
    readonly labels: LabelSpec[],
    readonly embedder: EmbedderLike | null,
    readonly prototypes: Prototypes | null,
    readonly model: ModelState,
    private readonly cues: Cues,
  ) {
    this.labelIds = labels.map((l) => l.id);
    this.compiled = compileModel(model, this.labelIds, embedder?.modelId ?? null);
  }

  static async create(opts: ClassifierOptions = {}): Promise<NeedsClassifier> {
    const codebook = opts.codebook ?? loadCodebook();
    const labels = compileLabels(codebook);
    const embedder = opts.embedder ?? null;
    const prototypes = embedder ? await buildPrototypes(embedder, labels) : null;
    return new NeedsClassifier(codebook, labels, embedder, prototypes, opts.model ?? defaultModel(), loadCues());
  }

  /** The same classifier with another trained state (prototypes are reused). */
  withModel(model: ModelState): NeedsClassifier {
    return new NeedsClassifier(this.codebook, this.labels, this.embedder, this.prototypes, model, this.cues);
  }

  /** Whether each label is scored by trained weights (false: the day-one rule). */
  get trainedLabels(): Record<string, boolean> {
    return Object.fromEntries(this.labelIds.map((id, l) => [id, this.compiled.trained[l]!]));
  }

  async featurize(passages: readonly PassageInput[]): Promise<PassageFeatures[]> {
    const analysed = passages.map((p) => analyzePassage(p.text, this.cues));
    // Embeddings: every sentence, and every passage without a vector (a one-sentence passage reuses it).
    let passageVecs: (Float32Array | null)[] = passages.map(() => null);
    let sentenceVecs: (Float32Array | null)[][] = analysed.map(() => []);
    if (this.embedder && this.prototypes) {
      const texts: string[] = [];
      const passageSlot = passages.map((p) => (p.vector ? -1 : texts.push(p.text) - 1));
      const sentenceSlots = analysed.map((ss) => ss.map((s) => (s.needText ? texts.push(s.needText) - 1 : -1)));
      const vecs: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += EMBED_CHUNK) vecs.push(...(await this.embedder.embedPassages(texts.slice(i, i + EMBED_CHUNK))));
      passageVecs = passages.map((p, i) => p.vector ?? vecs[passageSlot[i]!]!);
      sentenceVecs = sentenceSlots.map((slots) => slots.map((k) => (k >= 0 ? vecs[k]! : null)));
    }
    return passages.map((p, i) => this.features(p.text, analysed[i]!, passageVecs[i]!, sentenceVecs[i]!));
  }

  private features(text: string, analysed: ReturnType<typeof analyzePassage>, passageVec: Float32Array | null, sentenceVecs: (Float32Array | null)[]): PassageFeatures {
    const protos = this.prototypes;
    const termNames: string[][] = [];
    const sentences: SentenceFeatures[] = analysed.map((s, k) => {
      const ph = phraseSignal(s, this.labels, this.cues);
      const names = sentenceTermFeatures(s);
      termNames.push(names);
      const v = sentenceVecs[k];
      // No embedding evidence from a non-need or wholly denied sentence: z stays 0 for every label.
      const cv = protos && v ? centre(v, protos.mean) : null;
      const z = !protos ? new Float32Array(0) : cv ? zScores(similarities(cv, protos)) : new Float32Array(this.labels.length);
      const near = !protos ? new Float32Array(0) : cv ? zScores(nearestMember(cv, protos)) : new Float32Array(this.labels.length);
      return { text: s.text, start: s.start, end: s.end, nonNeed: s.nonNeed, needCue: s.needCue, phrase: ph.strength, hits: ph.hits, z, near, terms: Int32Array.from(new Set(names.map(fi))) };
    });
    const centred = protos && passageVec ? centre(passageVec, protos.mean) : null;
    const passageSim = protos && centred ? similarities(centred, protos) : null;
    const built = buildFeatureVector({ labelIds: this.labelIds, sentences, termNames, passageSim, passageVector: centred });
    return { text, sentences, x: built.x, signals: { phrase: built.phrase, z: built.z, sim: passageSim ?? new Float32Array(0) } };
  }

  /** Predictions for one featurised passage, every codebook label in codebook order. Pure. */
  predictFeatures(f: PassageFeatures): LabelPrediction[] {
    const scores = scoreAll(this.compiled, f.x);
    const termCount = new Set(f.sentences.flatMap((s) => [...s.terms])).size;
    const tv = termCount ? TERM_SCALE / Math.sqrt(termCount) : 0;
    // Each sentence's term contribution to every label's logit, one weight-row lookup per term.
    const termLogits = f.sentences.map((s) => {
      const c = new Float64Array(this.labelIds.length);
      for (const t of s.terms) {
        const row = this.compiled.rows.get(t);
        if (row) for (let l = 0; l < c.length; l++) c[l]! += (row[l] ?? 0) * tv;
      }
      return c;
    });
    return this.labelIds.map((id, l) => {
      const score = scores[l]!;
      const predicted = score >= this.compiled.thresholds[l]!;
      return { id, score: round3(score), predicted, evidence: this.evidence(f, l, predicted, termLogits) };
    });
  }

  /** The sentences that carried a label: each sentence's own contribution to the label's logit. */
  private evidence(f: PassageFeatures, l: number, predicted: boolean, termLogits: Float64Array[]): string[] {
    const id = this.labelIds[l]!;
    const wPhrase = this.compiled.rows.get(fi(`p:${id}`))?.[l] ?? 0;
    const wProto = this.compiled.rows.get(fi(`z:${id}`))?.[l] ?? 0;
    const ranked = f.sentences
      .map((s, k) => {
        const c = wPhrase * s.phrase[l]! + (s.z.length && !s.nonNeed ? wProto * Math.max(0, s.z[l]! - Z_FLOOR) : 0) + termLogits[k]![l]!;
        return { text: s.text, c };
      })
      .filter((s) => s.c > (predicted ? 0 : STRONG_EVIDENCE))
      .sort((a, b) => b.c - a.c);
    return ranked.slice(0, predicted ? MAX_EVIDENCE : 1).map((s) => s.text);
  }

  async classifyPassages(passages: readonly PassageInput[]): Promise<LabelPrediction[][]> {
    return (await this.featurize(passages)).map((f) => this.predictFeatures(f));
  }

  /** A note's labels from its passages' (see aggregate.ts). */
  aggregate(passages: readonly (readonly LabelPrediction[])[]): LabelPrediction[] {
    return aggregatePredictions(passages, this.labelIds);
  }

  /** A note's passages and the note as a whole. */
  async classifyNote(passages: readonly PassageInput[]): Promise<NotePredictions> {
    const per = await this.classifyPassages(passages);
    return { passages: per, note: this.aggregate(per) };
  }

  /** Free text, cut into passages as ingest would. Nothing is stored. */
  async classifyText(text: string): Promise<NotePredictions> {
    return this.classifyNote(splitPassages(text).map((p) => ({ text: p.text })));
  }

  /** The `classify` CLI shape: every codebook label, factors and themes apart. */
  toOutput(predictions: readonly LabelPrediction[]): ClassifyOutput {
    const byId = new Map(predictions.map((p) => [p.id, p]));
    const pick = (kind: 'factor' | 'theme') =>
      this.labels.filter((l) => l.kind === kind).map((l) => byId.get(l.id) ?? { id: l.id, score: 0, predicted: false, evidence: [] });
    return { factors: pick('factor'), themes: pick('theme') };
  }
}

export interface ClassifyOutput {
  factors: LabelPrediction[];
  themes: LabelPrediction[];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

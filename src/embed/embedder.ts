/**
 * Text embeddings for search, from a local model directory, never from the network.
 *
 *   const embedder = await createEmbedder();            // $DIALOGKUNSKAP_MODEL or the default
 *   const [v] = await embedder.embedPassages(['Elevhälsan …']);
 *   const q = await embedder.embedQuery('hemmasittare');
 *
 * Any sentence-transformers-style model exported to ONNX in the transformers.js layout works
 * without code changes (see src/embed/settings.ts and docs/model.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import { readModelSettings, resolveModelDir, type ModelSettings } from './settings.js';

export { EmbedderConfigError, DEFAULT_MODEL_DIR, MODEL_ENV_VAR, resolveModelDir, readModelSettings } from './settings.js';
export type { ModelSettings, Pooling } from './settings.js';

export interface Embedder {
  /** Embeds texts to be searched (notes, paragraphs). One unit vector per text, in order. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Embeds a search query. */
  embedQuery(text: string): Promise<Float32Array>;
  /** Vector dimension. */
  readonly dim: number;
  /** Directory name plus a fingerprint of the model files; changes whenever the model does. */
  readonly modelId: string;
  /** Absolute model directory. */
  readonly modelDir: string;
  readonly settings: Readonly<ModelSettings>;
}

export interface EmbedderOptions {
  /** Model directory; default $DIALOGKUNSKAP_MODEL, else models/dialogkunskap-sv-static. */
  modelDir?: string;
  /** Texts per model call (default 64). */
  batchSize?: number;
}

// transformers.js: local files only, everywhere in this process.
env.allowRemoteModels = false;
env.allowLocalModels = true;

interface Tensorish {
  dims: number[];
  data: Float32Array;
}
interface Encoded {
  input_ids: Tensorish & { data: BigInt64Array };
  attention_mask: Tensorish & { data: BigInt64Array };
}
type Extractor = ((texts: string[], opts: { pooling: string; normalize: boolean }) => Promise<Tensorish>) & {
  tokenizer: ((texts: string[], opts: { padding: boolean; truncation: boolean }) => Encoded) & { model_max_length: number };
  model: (inputs: Encoded) => Promise<{ last_hidden_state: Tensorish }>;
};

/**
 * Mean or CLS pooling over [batch, seq, dim] with the attention mask, then optional L2
 * normalisation. Same result as transformers.js' pooling, but a tight typed-array loop: the
 * library's generic tensor code took 20× longer than the model itself.
 */
export function poolHidden(hidden: Tensorish, mask: BigInt64Array, pooling: 'mean' | 'cls', normalize: boolean): Float32Array[] {
  const [b, seq, d] = hidden.dims as [number, number, number];
  // Read the typed array once: transformers.js tensors are proxies, and every property access costs.
  const data = hidden.data;
  const out: Float32Array[] = [];
  for (let r = 0; r < b; r++) {
    const v = new Float32Array(d);
    if (pooling === 'cls') v.set(data.subarray(r * seq * d, r * seq * d + d));
    else {
      let n = 0;
      for (let t = 0; t < seq; t++) {
        if (mask[r * seq + t] === 0n) continue;
        n++;
        const off = (r * seq + t) * d;
        for (let c = 0; c < d; c++) v[c]! += data[off + c]!;
      }
      if (n) for (let c = 0; c < d; c++) v[c]! /= n;
    }
    for (let c = 0; c < d; c++) if (!Number.isFinite(v[c]!)) v[c] = 0;
    if (normalize) {
      let norm = 0;
      for (let c = 0; c < d; c++) norm += v[c]! * v[c]!;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let c = 0; c < d; c++) v[c]! /= norm;
    }
    out.push(v);
  }
  return out;
}

// env.localModelPath is global; loads are serialised so concurrent creations cannot mix paths.
let loadChain: Promise<unknown> = Promise.resolve();

function fingerprint(dir: string, settings: ModelSettings): string {
  const h = createHash('sha256');
  const onnx = join(dir, 'onnx', settings.quantized ? 'model_quantized.onnx' : 'model.onnx');
  for (const f of ['config.json', 'tokenizer.json']) h.update(readFileSync(join(dir, f)));
  h.update(readFileSync(onnx));
  h.update(JSON.stringify(settings));
  return h.digest('hex').slice(0, 12);
}

export async function createEmbedder(opts: EmbedderOptions = {}): Promise<Embedder> {
  const modelDir = resolveModelDir(opts.modelDir);
  const settings = readModelSettings(modelDir); // throws a clear error before transformers.js is asked
  const batchSize = Math.max(1, opts.batchSize ?? 64);
  const name = basename(modelDir);

  const load = loadChain.then(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(modelDir) + '/';
    const ex = (await pipeline('feature-extraction', name, {
      quantized: settings.quantized,
      local_files_only: true,
    })) as unknown as Extractor;
    return ex;
  });
  loadChain = load.catch(() => undefined);
  let extractor: Extractor;
  try {
    extractor = await load;
  } catch (e) {
    throw new Error(`Could not load the embedding model from ${modelDir}: ${(e as Error).message}`, { cause: e });
  }
  // Truncate to the configured length (never beyond what the tokenizer config allows).
  const tokMax = extractor.tokenizer.model_max_length;
  extractor.tokenizer.model_max_length = Number.isFinite(tokMax) && tokMax > 0 ? Math.min(tokMax, settings.maxLength) : settings.maxLength;

  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize).map((t) => t.normalize('NFC'));
      const inputs = extractor.tokenizer(batch, { padding: true, truncation: true });
      const { last_hidden_state } = await extractor.model(inputs);
      out.push(...poolHidden(last_hidden_state, inputs.attention_mask.data, settings.pooling, settings.normalize));
    }
    return out;
  };

  const probe = await run(['dim']);
  const dim = probe[0]!.length;
  const modelId = `${name}@${fingerprint(modelDir, settings)}`;

  return {
    dim,
    modelId,
    modelDir,
    settings: Object.freeze({ ...settings }),
    embedPassages: (texts) => run(texts.map((t) => settings.passagePrefix + t)),
    embedQuery: async (text) => (await run([settings.queryPrefix + text]))[0]!,
  };
}

/**
 * Which embedding model to use and how to call it.
 *
 * The model directory is any transformers.js-layout model (config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx or onnx/model_quantized.onnx). How to pool and which
 * prefixes to use come from, in increasing priority:
 *   1. defaults (mean pooling, normalised, no prefixes, max length 512),
 *   2. a sentence-transformers `1_Pooling/config.json`, when present,
 *   3. `dialogkunskap.json` in the model directory.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_MODEL_DIR = 'models/dialogkunskap-sv-static';
export const MODEL_ENV_VAR = 'DIALOGKUNSKAP_MODEL';

/** Repository root (src/embed → ../..). Relative default paths resolve against it. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type Pooling = 'mean' | 'cls';

export interface ModelSettings {
  /** Prepended to every query (e.g. "query: " for e5 models). */
  queryPrefix: string;
  /** Prepended to every passage (e.g. "passage: " for e5 models). */
  passagePrefix: string;
  pooling: Pooling;
  normalize: boolean;
  /** Token limit; longer texts are truncated. */
  maxLength: number;
  /** Use onnx/model_quantized.onnx instead of onnx/model.onnx. Default: whichever exists, plain first. */
  quantized: boolean;
}

export class EmbedderConfigError extends Error {
  override name = 'EmbedderConfigError';
}

/**
 * The model directory: `opts.modelDir`, else $DIALOGKUNSKAP_MODEL, else the default. A relative
 * path is taken from the current directory when it exists there, otherwise from the project root.
 */
export function resolveModelDir(modelDir?: string): string {
  const chosen = modelDir ?? process.env[MODEL_ENV_VAR] ?? DEFAULT_MODEL_DIR;
  if (isAbsolute(chosen)) return chosen;
  const fromCwd = resolve(process.cwd(), chosen);
  return existsSync(fromCwd) ? fromCwd : resolve(PROJECT_ROOT, chosen);
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new EmbedderConfigError(`Cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Checks that `dir` holds a loadable model and reads its settings. Throws EmbedderConfigError. */
export function readModelSettings(dir: string): ModelSettings {
  const hint = `Set ${MODEL_ENV_VAR} to a model directory in the transformers.js layout, or train the default one with "npx tsx scripts/model/train.ts" (see docs/model.md). Models are never downloaded.`;
  if (!isDir(dir)) throw new EmbedderConfigError(`Embedding model directory not found: ${dir}. ${hint}`);
  for (const f of ['config.json', 'tokenizer.json']) {
    if (!existsSync(join(dir, f))) throw new EmbedderConfigError(`Embedding model directory ${dir} has no ${f}. ${hint}`);
  }
  const hasPlain = existsSync(join(dir, 'onnx/model.onnx'));
  const hasQuant = existsSync(join(dir, 'onnx/model_quantized.onnx'));
  if (!hasPlain && !hasQuant) {
    throw new EmbedderConfigError(`Embedding model directory ${dir} has neither onnx/model.onnx nor onnx/model_quantized.onnx. ${hint}`);
  }

  const s: ModelSettings = {
    queryPrefix: '',
    passagePrefix: '',
    pooling: 'mean',
    normalize: true,
    maxLength: 512,
    quantized: !hasPlain,
  };

  const tokCfgPath = join(dir, 'tokenizer_config.json');
  if (existsSync(tokCfgPath)) {
    const t = readJson(tokCfgPath) as { model_max_length?: unknown };
    if (typeof t.model_max_length === 'number' && t.model_max_length > 0 && t.model_max_length < 1e6) {
      s.maxLength = t.model_max_length;
    }
  }

  const poolingPath = join(dir, '1_Pooling/config.json');
  if (existsSync(poolingPath)) {
    const p = readJson(poolingPath) as Record<string, unknown>;
    if (p.pooling_mode_cls_token === true) s.pooling = 'cls';
    else if (p.pooling_mode_mean_tokens === true) s.pooling = 'mean';
    else {
      const mode = Object.keys(p).find((k) => k.startsWith('pooling_mode_') && p[k] === true) ?? 'none';
      throw new EmbedderConfigError(`${poolingPath}: ${mode} is not supported (only mean and CLS pooling).`);
    }
  }
  const ownPath = join(dir, 'dialogkunskap.json');
  if (existsSync(ownPath)) {
    const o = readJson(ownPath) as Record<string, unknown>;
    const bad = (k: string, want: string) => new EmbedderConfigError(`${ownPath}: "${k}" must be ${want}`);
    if (o.queryPrefix !== undefined) {
      if (typeof o.queryPrefix !== 'string') throw bad('queryPrefix', 'a string');
      s.queryPrefix = o.queryPrefix;
    }
    if (o.passagePrefix !== undefined) {
      if (typeof o.passagePrefix !== 'string') throw bad('passagePrefix', 'a string');
      s.passagePrefix = o.passagePrefix;
    }
    if (o.pooling !== undefined) {
      if (o.pooling !== 'mean' && o.pooling !== 'cls') throw bad('pooling', '"mean" or "cls"');
      s.pooling = o.pooling;
    }
    if (o.normalize !== undefined) {
      if (typeof o.normalize !== 'boolean') throw bad('normalize', 'true or false');
      s.normalize = o.normalize;
    }
    if (o.maxLength !== undefined) {
      if (typeof o.maxLength !== 'number' || !Number.isInteger(o.maxLength) || o.maxLength < 2) throw bad('maxLength', 'an integer ≥ 2');
      s.maxLength = o.maxLength;
    }
    if (o.quantized !== undefined) {
      if (typeof o.quantized !== 'boolean') throw bad('quantized', 'true or false');
      if (o.quantized && !hasQuant) throw new EmbedderConfigError(`${ownPath}: quantized is true but onnx/model_quantized.onnx is missing`);
      if (!o.quantized && !hasPlain) throw new EmbedderConfigError(`${ownPath}: quantized is false but onnx/model.onnx is missing`);
      s.quantized = o.quantized;
    }
  }
  return s;
}

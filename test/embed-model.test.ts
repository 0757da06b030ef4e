import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@xenova/transformers';
import {
  createEmbedder,
  DEFAULT_MODEL_DIR,
  EmbedderConfigError,
  MODEL_ENV_VAR,
  readModelSettings,
  resolveModelDir,
  type Embedder,
} from '../src/embed/embedder.js';

const MODEL_DIR = resolve(DEFAULT_MODEL_DIR);
const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(cos(a, a));

let embedder: Embedder;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dk-embed-'));
  embedder = await createEmbedder({ modelDir: MODEL_DIR });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loading without network', () => {
  it('never allows remote models', () => {
    expect(env.allowRemoteModels).toBe(false);
    expect(env.allowLocalModels).toBe(true);
  });

  it('gives a clear error for a missing model directory instead of downloading', async () => {
    const missing = join(tmp, 'no-such-model');
    const err = await createEmbedder({ modelDir: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbedderConfigError);
    expect((err as Error).message).toContain(missing);
    expect((err as Error).message).toMatch(/never downloaded/);
    expect(env.allowRemoteModels).toBe(false);
  });

  it('gives a clear error for a directory without an ONNX file', async () => {
    const dir = join(tmp, 'no-onnx');
    mkdirSync(dir);
    cpSync(join(MODEL_DIR, 'config.json'), join(dir, 'config.json'));
    cpSync(join(MODEL_DIR, 'tokenizer.json'), join(dir, 'tokenizer.json'));
    await expect(createEmbedder({ modelDir: dir })).rejects.toThrow(/onnx\/model\.onnx/);
  });

  it('takes the model directory from DIALOGKUNSKAP_MODEL', () => {
    const before = process.env[MODEL_ENV_VAR];
    try {
      process.env[MODEL_ENV_VAR] = join(tmp, 'elsewhere');
      expect(resolveModelDir()).toBe(join(tmp, 'elsewhere'));
      expect(resolveModelDir(MODEL_DIR)).toBe(MODEL_DIR); // explicit option wins
    } finally {
      if (before === undefined) delete process.env[MODEL_ENV_VAR];
      else process.env[MODEL_ENV_VAR] = before;
    }
  });
});

describe('the default model', () => {
  it('has the configured dimension and a stable id', async () => {
    const config = JSON.parse(readFileSync(join(MODEL_DIR, 'config.json'), 'utf8')) as { hidden_size: number };
    expect(embedder.dim).toBe(config.hidden_size);
    expect(embedder.dim).toBeGreaterThanOrEqual(128);
    expect(embedder.modelId).toMatch(/^dialogkunskap-sv-static@[0-9a-f]{12}$/);
    const again = await createEmbedder({ modelDir: MODEL_DIR });
    expect(again.modelId).toBe(embedder.modelId);
  });

  it('returns unit vectors of the right dimension, one per text, in order, across batches', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `Anteckning ${i}: rektorn och elevhälsan diskuterade närvaron i årskurs ${i % 9 + 1}.`);
    texts[7] = 'Huvudmannen saknar en delegationsordning.';
    const vs = await embedder.embedPassages(texts);
    expect(vs).toHaveLength(150);
    for (const v of vs) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(embedder.dim);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    const [single] = await embedder.embedPassages([texts[7]!]);
    expect(cos(single!, vs[7]!)).toBeCloseTo(1, 5);
    expect(cos(vs[7]!, vs[8]!)).toBeLessThan(0.99);
  });

  it('embeds queries, empty text and very long text without NaN', async () => {
    const q = await embedder.embedQuery('hemmasittare');
    expect(norm(q)).toBeCloseTo(1, 4);
    const [empty, long] = await embedder.embedPassages(['', 'elevhälsa '.repeat(5000)]);
    for (const v of [empty!, long!]) {
      expect(v.every((x) => Number.isFinite(x))).toBe(true);
    }
    expect(cos(long!, await embedder.embedQuery('elevhälsa'))).toBeGreaterThan(0.99);
  });

  it('tokenises Swedish words keeping å, ä and ö, and splits compounds into morphemes', async () => {
    env.localModelPath = resolve(MODEL_DIR, '..') + '/';
    const tok = await AutoTokenizer.from_pretrained('dialogkunskap-sv-static', { local_files_only: true });
    const vocab = readFileSync(join(MODEL_DIR, 'vocab.txt'), 'utf8').split('\n');
    const pieces = (s: string): string[] => tok.encode(s, null, { add_special_tokens: false }).map((id: number) => vocab[id]!);
    expect(pieces('Elevhälsan')).toEqual(['elev', '##hälsa', '##n']);
    expect(pieces('elevhälsoteamet')).toEqual(['elev', '##hälso', '##team', '##et']);
    const all = pieces('Återkopplingen om förskolornas närvaro, styrkedjan och kvalitetsarbetet på huvudmannanivå');
    expect(all).not.toContain('[UNK]');
    const joined = all.map((t: string) => t.replace(/^##/, '')).join('');
    for (const ch of ['å', 'ä', 'ö']) expect(joined).toContain(ch);
    expect(joined).toBe('återkopplingenomförskolornasnärvaro,styrkedjanochkvalitetsarbetetpåhuvudmannanivå');
  });
});

describe('similarity sanity (learned, not special-cased)', () => {
  // Each triple: cos(anchor, related) must beat cos(anchor, unrelated).
  const triples: Array<[string, string, string]> = [
    ['elevhälsan', 'elevhälsoteamet', 'budgeten'],
    ['hemmasittare', 'problematisk skolfrånvaro', 'kollegialt lärande'],
    ['nämnden', 'politikerna', 'förskolläraren'],
    ['rektorn', 'skolledaren', 'matematik'],
    ['huvudmännen', 'huvudmannen', 'studieron'],
    ['föräldrarna', 'vårdnadshavarna', 'analysen'],
    ['snabb', 'fort', 'skolan'],
  ];
  for (const [a, r, u] of triples) {
    it(`${a} is closer to "${r}" than to "${u}"`, async () => {
      const [va, vr, vu] = await embedder.embedPassages([a, r, u]);
      expect(cos(va!, vr!)).toBeGreaterThan(cos(va!, vu!) + 0.05);
    });
  }

  it('a note about absence finds the absence query before a note about budgets', async () => {
    const [absence, budget] = await embedder.embedPassages([
      'Flera elever har en långvarig frånvaro och rektorn vill utveckla det närvarofrämjande arbetet tillsammans med elevhälsan.',
      'Styrelsen har beslutat om budgeten för nästa år och hur resurserna ska fördelas mellan enheterna.',
    ]);
    const q = await embedder.embedQuery('hemmasittare');
    expect(cos(q, absence!)).toBeGreaterThan(cos(q, budget!));
  });
});

describe('drop-in models (sentence-transformers layout)', () => {
  it('honours 1_Pooling/config.json and dialogkunskap.json prefixes', async () => {
    const dir = join(tmp, 'st-model');
    cpSync(MODEL_DIR, dir, { recursive: true });
    rmSync(join(dir, 'dialogkunskap.json'), { force: true });
    mkdirSync(join(dir, '1_Pooling'));
    writeFileSync(join(dir, '1_Pooling/config.json'), JSON.stringify({ word_embedding_dimension: 256, pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }));
    expect(readModelSettings(dir).pooling).toBe('cls');

    writeFileSync(join(dir, 'dialogkunskap.json'), JSON.stringify({ queryPrefix: 'fråga: ', passagePrefix: 'stycke: ', pooling: 'mean', maxLength: 64 }));
    const s = readModelSettings(dir);
    expect(s).toMatchObject({ queryPrefix: 'fråga: ', passagePrefix: 'stycke: ', pooling: 'mean', normalize: true, maxLength: 64 });
    const e = await createEmbedder({ modelDir: dir });
    expect(e.modelId).toMatch(/^st-model@/);
    expect(e.modelId).not.toBe(embedder.modelId);
    const q = await e.embedQuery('rektorn');
    const [p] = await e.embedPassages(['rektorn']);
    expect(cos(q, p!)).toBeLessThan(0.9999); // different prefixes give different vectors
    // maxLength 64: everything after the first ~62 tokens is ignored.
    const [a, b] = await e.embedPassages(['rektorn '.repeat(80) + 'budget', 'rektorn '.repeat(80) + 'elevhälsa']);
    expect(cos(a!, b!)).toBeCloseTo(1, 4);
  });

  it('rejects unsupported pooling modes clearly', () => {
    const dir = join(tmp, 'max-pool');
    mkdirSync(join(dir, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) cpSync(join(MODEL_DIR, f), join(dir, f));
    mkdirSync(join(dir, '1_Pooling'));
    writeFileSync(join(dir, '1_Pooling/config.json'), JSON.stringify({ pooling_mode_max_tokens: true }));
    expect(() => readModelSettings(dir)).toThrow(/pooling_mode_max_tokens is not supported/);
  });
});

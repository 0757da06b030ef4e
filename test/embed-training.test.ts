// Unit tests for the model-training helpers in scripts/model/lib (no Debian packages needed).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@xenova/transformers';
import { WordPiece } from '../scripts/model/lib/wordpiece.js';
import { groffToParagraphs, htmlToParagraphs, readFixtures, type SourceReport } from '../scripts/model/lib/sources.js';
import { isSwedish } from '../scripts/model/lib/lang.js';
import { buildOnnx, dequantize, quantizeRows } from '../scripts/model/lib/onnx.js';
import { symmetricEigen } from '../scripts/model/lib/svd.js';

const MODEL_DIR = resolve('models/dialogkunskap-sv-static');
const tmp = mkdtempSync(join(tmpdir(), 'dk-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('training tokenizer mirrors transformers.js', () => {
  it('gives the same token ids as the shipped tokenizer.json', async () => {
    const vocab = readFileSync(join(MODEL_DIR, 'vocab.txt'), 'utf8').split('\n').filter((t) => t.length > 0);
    const wp = new WordPiece(vocab);
    env.allowRemoteModels = false;
    env.localModelPath = resolve(MODEL_DIR, '..') + '/';
    const tok = await AutoTokenizer.from_pretrained('dialogkunskap-sv-static', { local_files_only: true });
    const text =
      'Huvudmannen (Stiftelsen Lärkan) beskrev att elevhälsoarbetet och det systematiska kvalitetsarbetet – ' +
      'särskilt uppföljningen av frånvaron i förskoleklass – behöver en tydligare röd tråd. Ärendet återkommer 2024-03-12! Ökad NÄRVARO.';
    const ours = wp.tokenIds(text);
    const theirs = tok.encode(text, null, { add_special_tokens: false });
    expect(ours).toEqual(theirs);
    expect(ours).not.toContain(wp.ids.get('[UNK]'));
  });
});

describe('text extraction', () => {
  it('strips HTML to paragraphs and decodes entities', () => {
    const ps = htmlToParagraphs('<html><head><title>x</title></head><body><h1>R&auml;tt</h1><p>Det h&auml;r &amp; <b>det</b> d&auml;r.</p><script>var a=1;</script></body></html>');
    expect(ps).toEqual(['Rätt', 'Det här & det där.']);
  });

  it('strips groff macros and escapes', () => {
    const ps = groffToParagraphs('.TH CAT 1\n.SH NAMN\ncat \\- sammanfoga filer\n.PP\nUtan \\fBFIL\\fP, läs standard in.\n');
    expect(ps).toEqual(['NAMN', 'cat - sammanfoga filer', 'Utan FIL, läs standard in.']);
  });

  it('keeps Swedish paragraphs and drops English ones', () => {
    expect(isSwedish('Klicka på knappen och välj en fil som du vill öppna.')).toBe(true);
    expect(isSwedish('Click the button and select the file that you want to open.')).toBe(false);
  });
});

describe('fixture reading', () => {
  it('uses only approved notes, from JSON bundles and Markdown, and skips side files', () => {
    const dir = join(tmp, 'fixtures');
    mkdirSync(join(dir, 'json'), { recursive: true });
    mkdirSync(join(dir, 'md'), { recursive: true });
    mkdirSync(join(dir, 'docx'), { recursive: true });
    const bundle = (id: string, status: string, text: string) => ({ huvudman: { id }, notes: [{ id: `${id}-n1`, status, text }] });
    writeFileSync(join(dir, 'json/a.json'), JSON.stringify([bundle('a', 'godkand', 'Godkänd text A.\n\nAndra stycket.'), bundle('b', 'utkast', 'UTKAST får inte läsas.')]));
    writeFileSync(join(dir, 'json/c.json'), JSON.stringify(bundle('c', 'aterkallad', 'ÅTERKALLAD får inte läsas.')));
    writeFileSync(join(dir, 'json/broken.json'), '{ not json');
    writeFileSync(join(dir, 'md/d.md'), '---\nnote_id: d\nstatus: godkand\n---\nGodkänd text D.\n');
    writeFileSync(join(dir, 'md/e.md'), '---\nnote_id: e\nstatus: utkast\n---\nUTKAST E.\n');
    writeFileSync(join(dir, 'docx/f.meta.json'), JSON.stringify({ status: 'godkand', notes: [{ status: 'godkand', text: 'SIDOFIL' }] }));
    const warnings: string[] = [];
    const reports: SourceReport[] = [];
    const src = readFixtures(dir, reports, (m) => warnings.push(m));
    expect(src.paragraphs).toEqual(['Godkänd text A.', 'Andra stycket.', 'Godkänd text D.']);
    expect(warnings.join('\n')).toContain('broken.json');
    expect(reports[0]).toMatchObject({ files: 2, paragraphs: 3 });
  });
});

describe('numerics', () => {
  it('int8 per-row quantisation round-trips within half a step', () => {
    const t = Float32Array.from({ length: 3 * 8 }, (_, i) => Math.sin(i) * (i < 8 ? 0.01 : 1));
    const q = quantizeRows(t, 3, 8);
    const d = dequantize(q);
    for (let i = 0; i < t.length; i++) expect(Math.abs(d[i]! - t[i]!)).toBeLessThanOrEqual(q.scales[Math.floor(i / 8)]! / 2 + 1e-9);
    expect(buildOnnx(q, 'test').length).toBeGreaterThan(3 * 8);
  });

  it('symmetric eigen-decomposition recovers a known spectrum', () => {
    // A = V diag(3, 1) Vᵀ with V a rotation by 30°.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const a = Float64Array.from([3 * c * c + s * s, (3 - 1) * c * s, (3 - 1) * c * s, 3 * s * s + c * c]);
    const { values } = symmetricEigen(a, 2);
    expect([...values].sort((x, y) => y - x).map((v) => Number(v.toFixed(9)))).toEqual([3, 1]);
  });
});

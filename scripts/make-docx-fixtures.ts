// Generates the Word fixtures: corpus/docx-src/<name>.json ({ meta, paragraphs }) →
// corpus/fixtures/docx/<name>.docx + <name>.meta.json. The outputs are committed, so tests need
// no build step; rerun after editing a source.
import { Document, Packer, Paragraph } from 'docx';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const src = resolve('corpus/docx-src');
const out = resolve('corpus/fixtures/docx');
mkdirSync(out, { recursive: true });
for (const file of readdirSync(src).filter((f) => f.endsWith('.json')).sort()) {
  const { meta, paragraphs } = JSON.parse(readFileSync(join(src, file), 'utf8')) as { meta: Record<string, unknown>; paragraphs: string[] };
  const name = basename(file, '.json');
  const doc = new Document({
    creator: 'dialogkunskap fixtures',
    title: name,
    sections: [{ children: paragraphs.map((p) => new Paragraph({ text: p })) }],
  });
  const buf = await Packer.toBuffer(doc);
  writeFileSync(join(out, `${name}.docx`), buf);
  writeFileSync(join(out, `${name}.meta.json`), JSON.stringify(meta, null, 2) + '\n');
  console.log(`${name}.docx (${paragraphs.length} paragraphs)`);
}

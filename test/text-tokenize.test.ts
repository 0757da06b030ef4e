import { describe, expect, it } from 'vitest';
import { tokenize } from '../src/text/tokenize.js';

describe('tokenize', () => {
  it('gives words with å, ä, ö whole and offsets into the original text', () => {
    const text = 'Återkopplingen om elevhälsoarbetet på förskolan i Örebro, Härnösand och Luleå.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual([
      'Återkopplingen', 'om', 'elevhälsoarbetet', 'på', 'förskolan', 'i', 'Örebro', 'Härnösand', 'och', 'Luleå',
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens[0]?.norm).toBe('återkopplingen');
    expect(tokens[6]).toMatchObject({ norm: 'örebro', start: 50, end: 56 });
  });

  it('normalises decomposed letters to NFC in norm but keeps offsets of the original', () => {
    const text = 'Go\u0308r ga\u030Ard'; // "Gör gård" written with combining marks
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(['gör', 'gård']);
    expect(tokens[1]).toMatchObject({ start: 5, end: 10, text: 'ga\u030Ard' });
  });

  it('keeps hyphenated words together and marks a suspended compound with its hyphen', () => {
    const tokens = tokenize('Förskole- och skolformer, SKA-arbetet, e-post och 19-åringar.');
    expect(tokens.map((t) => t.text)).toEqual(['Förskole-', 'och', 'skolformer', 'SKA-arbetet', 'e-post', 'och', '19-åringar']);
    expect(tokens[3]?.norm).toBe('ska-arbetet');
  });

  it('keeps numbers with their inner separators and does not swallow a sentence-final full stop', () => {
    const tokens = tokenize('Andelen var 3,5 procent den 2024-03-01 kl. 08:30 och 12.5 år 2023.');
    const texts = tokens.map((t) => t.text);
    expect(texts).toContain('3,5');
    expect(texts).toContain('2024-03-01');
    expect(texts).toContain('08:30');
    expect(texts).toContain('12.5');
    expect(texts[texts.length - 1]).toBe('2023');
  });

  it('keeps dotted abbreviations as one token', () => {
    const tokens = tokenize('Rektorn har t.ex. ansvar fr.o.m. januari, bl.a. för elevhälsan.');
    expect(tokens.map((t) => t.text)).toEqual(['Rektorn', 'har', 't.ex.', 'ansvar', 'fr.o.m.', 'januari', 'bl.a.', 'för', 'elevhälsan']);
  });

  it('drops soft hyphens from norm', () => {
    const [t] = tokenize('elevhälso\u00ADarbetet');
    expect(t?.text).toBe('elevhälso\u00ADarbetet');
    expect(t?.norm).toBe('elevhälsoarbetet');
  });

  it('returns nothing for punctuation and whitespace', () => {
    expect(tokenize(' ... – !? ')).toEqual([]);
  });
});

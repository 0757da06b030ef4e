import { describe, expect, it } from 'vitest';
import { swedishAbbreviations } from '../src/text/abbreviations.js';
import { splitSentences } from '../src/text/sentences.js';

function sentences(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
}

describe('splitSentences', () => {
  it('splits at sentence punctuation followed by a capital', () => {
    expect(sentences('Rektorn leder arbetet. Huvudmannen följer upp! Varför? Det är oklart…  Nu vet vi.')).toEqual([
      'Rektorn leder arbetet.', 'Huvudmannen följer upp!', 'Varför?', 'Det är oklart…', 'Nu vet vi.',
    ]);
  });

  it('does not split after abbreviations with inner full stops', () => {
    const text = 'Huvudmannen har t.ex. en plan och bl.a. en s.k. styrkedja. Den gäller fr.o.m. 1 jan. 2024 t.o.m. dec. 2025 p.g.a. ändringar.';
    expect(sentences(text)).toEqual([
      'Huvudmannen har t.ex. en plan och bl.a. en s.k. styrkedja.',
      'Den gäller fr.o.m. 1 jan. 2024 t.o.m. dec. 2025 p.g.a. ändringar.',
    ]);
  });

  it('does not split after single-word abbreviations, even before a capital or a number', () => {
    const text = 'Vi träffade ca. 30 elever, jfr. kap. 4 i skollagen enl. Skolverket. Se nr. 5 och dvs. Bilaga 2 kl. 9.30.';
    expect(sentences(text)).toEqual(['Vi träffade ca. 30 elever, jfr. kap. 4 i skollagen enl. Skolverket.', 'Se nr. 5 och dvs. Bilaga 2 kl. 9.30.']);
  });

  it('splits after an abbreviation that may close a sentence when a capital follows', () => {
    expect(sentences('Vi talade om lokaler, personal m.m. Nästa punkt var elevhälsan.')).toEqual([
      'Vi talade om lokaler, personal m.m.', 'Nästa punkt var elevhälsan.',
    ]);
    expect(sentences('Lokaler, personal o.s.v. var frågor som kom upp.')).toHaveLength(1);
  });

  it('does not split inside decimal numbers and dates, or after initials', () => {
    expect(sentences('Andelen var 3.5 procent den 15.3.2024 enligt A. Svensson och B. K. Berg. Sedan kom resten.')).toEqual([
      'Andelen var 3.5 procent den 15.3.2024 enligt A. Svensson och B. K. Berg.', 'Sedan kom resten.',
    ]);
  });

  it('splits a sentence that ends with a number before a capital or a new number', () => {
    expect(sentences('Det gällde år 2023. 2024 blev det bättre.')).toEqual(['Det gällde år 2023.', '2024 blev det bättre.']);
  });

  it('splits at blank lines, list items and headings but not inside a numbered item', () => {
    const text = 'Styrkor\nHuvudmannen har en tydlig plan\n- rektorerna följer upp\n- elevhälsan deltar\n\n1. Inledning av mötet\nVi började.';
    expect(sentences(text)).toEqual([
      'Styrkor', 'Huvudmannen har en tydlig plan', '- rektorerna följer upp', '- elevhälsan deltar', '1. Inledning av mötet', 'Vi började.',
    ]);
  });

  it('keeps every abbreviation of the data file inside its sentence', () => {
    const abbr = swedishAbbreviations();
    for (const a of abbr.all) {
      const text = `Vi noterade ${a} Skolverket och annat.`;
      const expected = abbr.mayEndSentence.has(a) ? 2 : 1;
      expect(sentences(text), a).toHaveLength(expected);
    }
  });

  it('returns trimmed spans with offsets into the text', () => {
    const text = '  Första meningen.   Andra meningen.  ';
    expect(splitSentences(text)).toEqual([{ start: 2, end: 18 }, { start: 21, end: 36 }]);
  });
});

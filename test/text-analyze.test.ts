import { describe, expect, it } from 'vitest';
import { analyze, analyzeWithOffsets } from '../src/text/analyze.js';
import { stem } from '../src/text/stem.js';

function shares(a: string, b: string): string[] {
  const bs = new Set(analyze(b));
  return [...new Set(analyze(a))].filter((t) => bs.has(t));
}

describe('analyze', () => {
  it('lets "elevhälsoarbetet" meet "elevhälsa", "hälsa" and "arbete"', () => {
    const terms = analyze('elevhälsoarbetet');
    expect(terms).toContain(stem('elevhälsa'));
    expect(terms).toContain(stem('hälsa'));
    expect(terms).toContain(stem('arbete'));
    expect(terms).toContain(stem('elevhälsoarbetet'));
    expect(shares('elevhälsoarbetet', 'elevhälsa')).toContain(stem('elevhälsa'));
  });

  it('lets definite, plural and compound forms meet', () => {
    expect(shares('Styrkedjan är svag', 'styrkedja')).toEqual([stem('styrkedja'), stem('styra'), stem('kedja')]);
    expect(shares('Huvudmännen', 'huvudman')).toEqual(['huvudman']);
    expect(shares('kvalitetsarbetet', 'kvalitet')).toEqual([stem('kvalitet')]);
    expect(shares('rektorn', 'elevhälsa')).toEqual([]);
  });

  it('removes stop words and stems the rest', () => {
    expect(analyze('Det är rektorerna som har ansvaret för undervisningen.')).toEqual([
      stem('rektor'), stem('ansvar'), stem('undervisning'),
    ]);
  });

  it('completes a suspended compound from the next compound', () => {
    const terms = analyze('förskole- och skolformer');
    expect(terms).toContain(stem('förskoleform'));
    expect(terms).toContain(stem('förskola'));
    expect(terms).toContain(stem('skolform'));
    expect(terms).toContain(stem('form'));
  });

  it('keeps acronyms, splits hyphenated words and drops function abbreviations', () => {
    expect(analyze('SKA-arbetet')).toEqual(['ska', stem('arbete'), stem('skaarbetet')]);
    expect(analyze('Vi ska följa upp SPSM:s stöd')).not.toContain('ska');
    expect(analyze('SKA är viktigt')).toContain('ska');
    expect(analyze('t.ex. bl.a. m.m.')).toEqual([]);
    expect(analyze('2024-03-01')).toEqual(['2024', '03', '01']);
  });

  it('does not split capitalised words inside a sentence (names), but does at a sentence start', () => {
    const inside = analyze('Rapporten kom från Skolverket och Anna Sjölund.');
    expect(inside).toContain(stem('skolverket'));
    expect(inside).not.toContain(stem('verk'));
    expect(inside).not.toContain(stem('sjö'));
    expect(analyze('Skolverket skriver.')).toContain(stem('verk'));
    expect(analyze('- Elevhälsan deltar')).toContain(stem('hälsa'));
  });

  it('only gives terms of letters and digits', () => {
    for (const t of analyze('Förskole- och skolformer, SKA-arbetet, e-post, 3,5 %, kap. 4 §, "citat" – (parentes).')) {
      expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
    }
  });

  it('gives each term the offsets of its token', () => {
    const text = 'Om elevhälsoarbetet i förskolan';
    const terms = analyzeWithOffsets(text);
    const hälsa = terms.find((t) => t.term === stem('hälsa'));
    expect(hälsa && text.slice(hälsa.start, hälsa.end)).toBe('elevhälsoarbetet');
    const förskola = terms.find((t) => t.term === stem('förskola'));
    expect(förskola && text.slice(förskola.start, förskola.end)).toBe('förskolan');
    expect(analyze(text)).toEqual(terms.map((t) => t.term));
  });
});

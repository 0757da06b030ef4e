import { describe, expect, it } from 'vitest';
import { compoundLemma, compoundParts, splitCompound } from '../src/text/compounds.js';

describe('splitCompound', () => {
  it('splits compounds into base forms, restoring linking morphemes and inflected heads', () => {
    expect(splitCompound('elevhälsoarbetet')).toEqual(['elev', 'hälsa', 'arbete']);
    expect(splitCompound('kvalitetsarbetet')).toEqual(['kvalitet', 'arbete']);
    expect(splitCompound('styrkedjan')).toEqual(['styra', 'kedja']);
    expect(splitCompound('huvudmannanivån')).toEqual(['huvudman', 'nivå']);
    expect(splitCompound('förskoleklassen')).toEqual(['förskola', 'klass']);
    expect(splitCompound('mötesanteckningarna')).toEqual(['möte', 'anteckning']);
    expect(splitCompound('Undervisningsnivån')).toEqual(['undervisning', 'nivå']);
  });

  it('restores the consonant dropped from three equal ones (process + stöd = processtöd)', () => {
    expect(splitCompound('processtöd')).toEqual(['process', 'stöd']);
  });

  it('does not split simplex words, prefix derivations, suffix derivations or lexicalised units', () => {
    for (const w of ['rektor', 'rektorn', 'ansvar', 'förskola', 'förskolan', 'undervisningen', 'uppföljning',
      'samverkan', 'verksamheten', 'trygghet', 'huvudman', 'huvudmännen', 'kommunen', 'organisationen']) {
      expect(splitCompound(w), w).toEqual([w]);
    }
  });

  it('does not split proper names or known simplex words into look-alike pieces', () => {
    for (const w of ['anders', 'helena', 'stefan', 'erfarenhet', 'rapport', 'beskrivning', 'förslag', 'tillräckligt']) {
      expect(splitCompound(w), w).toEqual([w]);
    }
  });

  it('splits hyphenated words at the hyphen', () => {
    expect(splitCompound('SKA-arbetet')).toEqual(['ska', 'arbete']);
  });

  it('gives surface forms and offsets of the parts', () => {
    const parts = compoundParts('elevhälsoarbetet');
    expect(parts.map((p) => p.surface)).toEqual(['elev', 'hälso', 'arbetet']);
    expect(parts.map((p) => [p.start, p.end])).toEqual([[0, 4], [4, 9], [9, 16]]);
    expect(compoundParts('rektor')).toEqual([{ surface: 'rektor', lemma: 'rektor', start: 0, end: 6 }]);
  });

  it('gives the base form of a compound through its head', () => {
    expect(compoundLemma('styrkedjan')).toBe('styrkedja');
    expect(compoundLemma('rektor')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { lemmatize } from '../src/text/lemma.js';
import { porterStem, stem } from '../src/text/stem.js';

describe('stem', () => {
  it('lets definite and plural forms meet their base form', () => {
    const groups = [
      ['styrkedjan', 'styrkedja', 'styrkedjor'],
      ['huvudmännen', 'huvudman', 'huvudmannen', 'huvudmän', 'huvudmannens'],
      ['kvalitetsarbetet', 'kvalitetsarbete'],
      ['förskolan', 'förskola', 'förskolor', 'förskolornas'],
      ['elevhälsan', 'elevhälsa'],
      ['lärarna', 'lärare', 'lärarens'],
      ['arbetet', 'arbete', 'arbeten'],
      ['skolformerna', 'skolform', 'skolformer'],
      ['rektorn', 'rektor', 'rektorerna'],
    ];
    for (const [base, ...forms] of groups) {
      for (const f of forms) expect(stem(f), `${f} ~ ${base}`).toBe(stem(base as string));
    }
  });

  it('needs the lemma step: Porter alone leaves the definite -an', () => {
    expect(porterStem('styrkedjan')).not.toBe(porterStem('styrkedja'));
    expect(stem('styrkedjan')).toBe(porterStem('styrkedja'));
  });

  it('keeps different words apart', () => {
    expect(stem('skola')).not.toBe(stem('skolchef'));
    expect(stem('huvudman')).not.toBe(stem('man'));
    expect(stem('elev')).not.toBe(stem('elevhälsa'));
  });

  it('lemmatises irregular plurals and unknown compounds through their head', () => {
    expect(lemmatize('huvudmännen')).toBe('huvudman');
    expect(lemmatize('Styrkedjan')).toBe('styrkedja');
    expect(lemmatize('tjänstemännen')).toBe('tjänsteman');
    expect(lemmatize('elevhälsoteamen')).toBe('elevhälsoteam');
  });
});

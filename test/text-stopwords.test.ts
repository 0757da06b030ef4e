import { describe, expect, it } from 'vitest';
import { analyze } from '../src/text/analyze.js';
import { isStopWord, stopWords } from '../src/text/stopwords.js';

describe('stop words', () => {
  it('knows Swedish function words in any case', () => {
    for (const w of ['och', 'att', 'det', 'som', 'på', 'är', 'inte', 'för', 'med', 'vi', 'deras', 'Och', 'ATT']) {
      expect(isStopWord(w), w).toBe(true);
    }
  });

  it('does not list domain words', () => {
    const domain = ['elev', 'elever', 'skola', 'förskola', 'huvudman', 'rektor', 'arbete', 'kvalitet', 'ansvar',
      'undervisning', 'elevhälsa', 'styrkedja', 'skolchef', 'lärare', 'trygghet', 'närvaro', 'stöd', 'dialog'];
    for (const w of domain) expect(stopWords().has(w), w).toBe(false);
  });

  it('are removed by analyze()', () => {
    const terms = analyze('Det är inte så att rektorn och huvudmannen har samma bild av det.');
    expect(terms).not.toContain('det');
    expect(terms).not.toContain('och');
    expect(terms).not.toContain('att');
    expect(terms).toContain('rekt');
    expect(terms).toContain('huvudman');
  });
});

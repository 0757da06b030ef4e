/**
 * The same normalisation, pre-tokenisation and greedy WordPiece encoding that transformers.js
 * applies with our tokenizer.json (BertNormalizer lowercase, no accent stripping; BertPreTokenizer;
 * WordPiece with "##" continuation). Training tokenises the corpus with exactly this, so the
 * co-occurrence statistics are over the tokens the model will see at inference time.
 */
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKEN = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, 'gu');

export function normalize(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd || (/\p{C}/u.test(ch) && !/[\t\n\r]/.test(ch))) continue;
    out += /\s/.test(ch) ? ' ' : ch;
  }
  return out.toLowerCase();
}

export function preTokenize(normalized: string): string[] {
  return normalized.trim().match(PRE_TOKEN) ?? [];
}

export const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export class WordPiece {
  readonly ids: Map<string, number>;
  readonly maxChars = 100;

  constructor(readonly vocab: string[]) {
    this.ids = new Map(vocab.map((t, i) => [t, i]));
  }

  /** Greedy longest-match-first, identical to transformers.js' WordPieceTokenizer.encode. */
  encodeWord(word: string): string[] {
    const chars = [...word];
    if (chars.length > this.maxChars) return ['[UNK]'];
    const out: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: string | null = null;
      while (start < end) {
        let sub = chars.slice(start, end).join('');
        if (start > 0) sub = '##' + sub;
        if (this.ids.has(sub)) {
          found = sub;
          break;
        }
        end--;
      }
      if (found === null) return ['[UNK]'];
      out.push(found);
      start = end;
    }
    return out;
  }

  /** Text → token strings (no [CLS]/[SEP]). */
  tokenize(text: string): string[] {
    const out: string[] = [];
    for (const w of preTokenize(normalize(text))) out.push(...this.encodeWord(w));
    return out;
  }

  tokenIds(text: string): number[] {
    return this.tokenize(text).map((t) => this.ids.get(t) ?? 1);
  }
}

/** The tokenizer.json that transformers.js (and HF tokenizers) reads. */
export function tokenizerJson(vocab: string[]): unknown {
  const v: Record<string, number> = {};
  vocab.forEach((t, i) => (v[t] = i));
  const id = (t: string) => vocab.indexOf(t);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((t) => ({
      id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: v },
  };
}

-- Document frequencies of the lexical index's terms, so queries can skip near-universal terms.
CREATE VIRTUAL TABLE `passage_fts_vocab` USING fts5vocab(`passage_fts`, 'row');

-- Lexical index: analysed terms (stems and compound parts) of each approved passage, ranked with
-- FTS5's bm25(); the FTS rowid is passage.num. Written by src/search/lexical-index.ts; rows go with their passage.
CREATE VIRTUAL TABLE `passage_fts` USING fts5(`terms`, tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
-- Deleted index content is overwritten, as with secure_delete for ordinary tables.
INSERT INTO `passage_fts`(`passage_fts`, `rank`) VALUES('secure-delete', 1);
--> statement-breakpoint
CREATE TRIGGER `passage_fts_delete` AFTER DELETE ON `passage` BEGIN
  DELETE FROM `passage_fts` WHERE `rowid` = old.`num`;
END;
--> statement-breakpoint
CREATE TRIGGER `vector_log_add` AFTER INSERT ON `embedding` BEGIN
  INSERT INTO `vector_log`(`passage_num`, `op`) VALUES (new.`passage_num`, 'add');
END;
--> statement-breakpoint
CREATE TRIGGER `vector_log_remove` AFTER DELETE ON `embedding` BEGIN
  INSERT INTO `vector_log`(`passage_num`, `op`) VALUES (old.`passage_num`, 'remove');
END;

// The storage schema. Migrations are generated from this file with `npm run db:generate`
// (drizzle-kit) and committed under src/store/migrations.
import { sql } from 'drizzle-orm';
import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const huvudman = sqliteTable('huvudman', {
  id: text('id').primaryKey(),
  namn: text('namn').notNull(),
  orgnr: text('orgnr'),
  typ: text('typ').notNull(),
  juridiskForm: text('juridisk_form'),
  antalBarnElever: integer('antal_barn_elever'),
  /** JSON array of skolform ids. */
  skolformer: text('skolformer', { mode: 'json' }).$type<string[]>().notNull(),
  region: text('region').notNull(),
  kommun: text('kommun'),
  updatedAt: text('updated_at').notNull(),
});

export const dialog = sqliteTable(
  'dialog',
  {
    id: text('id').primaryKey(),
    huvudmanId: text('huvudman_id')
      .notNull()
      .references(() => huvudman.id),
    cykel: integer('cykel').notNull(),
    omgang: integer('omgang').notNull(),
  },
  (t) => [uniqueIndex('dialog_hm_cycle_round').on(t.huvudmanId, t.cykel, t.omgang)],
);

export const note = sqliteTable(
  'note',
  {
    id: text('id').primaryKey(),
    dialogId: text('dialog_id')
      .notNull()
      .references(() => dialog.id),
    huvudmanId: text('huvudman_id')
      .notNull()
      .references(() => huvudman.id),
    typ: text('typ').notNull(),
    datum: text('datum').notNull(),
    status: text('status').notNull(),
    /** Roles of the participants only; names are never stored. */
    deltagareRoller: text('deltagare_roller', { mode: 'json' }).$type<string[]>().notNull(),
    /** The redacted text; null unless the note is approved. */
    text: text('text'),
    /** Hash of the note as imported (metadata + raw text), so identical re-imports change nothing. */
    contentHash: text('content_hash').notNull(),
    sourceFile: text('source_file').notNull(),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [index('note_huvudman').on(t.huvudmanId), index('note_status').on(t.status)],
);

export const passage = sqliteTable(
  'passage',
  {
    /** Stable integer key: the rowid of the passage's lexical-index row. */
    num: integer('num').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    noteId: text('note_id')
      .notNull()
      .references(() => note.id, { onDelete: 'cascade' }),
    /** Position of the passage within its note, from 0. */
    ord: integer('ord').notNull(),
    /** Paragraph number within the note, from 0. */
    paragraph: integer('paragraph').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('passage_note').on(t.noteId)],
);

/**
 * Labels on a passage or a note. `reviewed` labels come from people (imported with a note or
 * given in the review loop) and always win over `predicted` ones. A reviewed label with
 * positive = false records that a person rejected the label.
 */
export const label = sqliteTable(
  'label',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    targetKind: text('target_kind', { enum: ['note', 'passage'] }).notNull(),
    targetId: text('target_id').notNull(),
    /** The note the target belongs to, so everything derived from a note goes with it. */
    noteId: text('note_id')
      .notNull()
      .references(() => note.id, { onDelete: 'cascade' }),
    labelId: text('label_id').notNull(),
    source: text('source', { enum: ['reviewed', 'predicted'] }).notNull(),
    positive: integer('positive', { mode: 'boolean' }).notNull(),
    score: real('score'),
    /** JSON array of evidence sentences (predictions) . */
    evidence: text('evidence', { mode: 'json' }).$type<string[]>(),
    reviewer: text('reviewer'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('label_target_source').on(t.targetKind, t.targetId, t.labelId, t.source),
    index('label_note').on(t.noteId),
  ],
);

/**
 * Passage embeddings, kept so the vector index can be rebuilt without re-embedding. Keyed by the
 * passage's integer key, which is also the vector's label in the HNSW index.
 */
export const embedding = sqliteTable('embedding', {
  passageNum: integer('passage_num')
    .primaryKey()
    .references(() => passage.num, { onDelete: 'cascade' }),
  modelId: text('model_id').notNull(),
  vector: blob('vector', { mode: 'buffer' }).notNull(),
});

/**
 * Append-only log of vector additions and removals (filled by triggers, see the custom migration),
 * so a vector index on disk or in a running server can catch up with the database.
 */
export const vectorLog = sqliteTable('vector_log', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  passageNum: integer('passage_num').notNull(),
  op: text('op', { enum: ['add', 'remove'] }).notNull(),
});

/** Trained state of the supervised classifier (one row per training run; the newest is used). */
export const classifierModel = sqliteTable('classifier_model', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  createdAt: text('created_at').notNull(),
  /** Number of reviewed labels it was trained on. */
  trainedOn: integer('trained_on').notNull(),
  state: text('state', { mode: 'json' }).$type<unknown>().notNull(),
});

/** Who did what, when. Never holds note text. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  resultCount: integer('result_count'),
});

/**
 * People who may sign in to the API and the web UI. Passwords are stored only as a scrypt hash
 * with its own salt and parameters ("scrypt$N$r$p$salt$hash", base64url parts); see src/auth.
 */
export const appUser = sqliteTable('app_user', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['analys', 'dialog', 'stod', 'admin'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull(),
});

/**
 * Sign-in sessions: a bearer token (also the web UI's cookie) is random and shown once; only its
 * SHA-256 is stored, so a copy of the database does not let anyone sign in.
 */
export const authSession = sqliteTable(
  'auth_session',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('auth_session_user').on(t.userId), index('auth_session_expires').on(t.expiresAt)],
);

/**
 * People known for a huvudman (participants of all its notes, its contact people), so that their
 * names are redacted in every later note of it. Only a keyed hash of each name part is stored
 * (HMAC-SHA-256 with the database's redaction key), with the role: a name can be recognised, never
 * read back. See src/privacy/people-store.ts.
 */
export const knownNamePart = sqliteTable(
  'known_name_part',
  {
    huvudmanId: text('huvudman_id')
      .notNull()
      .references(() => huvudman.id, { onDelete: 'cascade' }),
    hash: text('hash').notNull(),
    role: text('role').notNull(),
  },
  (t) => [uniqueIndex('known_name_part_key').on(t.huvudmanId, t.hash, t.role)],
);

/** Settings of this database: the redaction key, the redaction version its text was scanned with. */
export const appSetting = sqliteTable('app_setting', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

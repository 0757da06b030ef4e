// The database side of the known-people directory: the per-database redaction key and the
// hashed name parts of every huvudman's people (src/text/known-persons.ts explains the hashing).
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { appSetting, knownNamePart } from '../store/schema.js';
import type { HashedNamePart } from '../text/known-persons.js';
import { personDirectory } from '../text/redact.js';
import type { PersonDirectory } from '../text/known-persons.js';

export function getSetting(db: Db, key: string): string | undefined {
  return db.select({ value: appSetting.value }).from(appSetting).where(eq(appSetting.key, key)).get()?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.insert(appSetting).values({ key, value }).onConflictDoUpdate({ target: appSetting.key, set: { value } }).run();
}

/** The key of the name-part hashes; made once per database, never leaves it. */
export function redactionKey(db: Db): string {
  let key = getSetting(db, 'redaction_key');
  if (!key) {
    key = randomBytes(32).toString('base64url');
    db.insert(appSetting).values({ key: 'redaction_key', value: key }).onConflictDoNothing().run();
    key = getSetting(db, 'redaction_key')!;
  }
  return key;
}

/** Everyone known for a huvudman from earlier imports, as a directory the redactor can ask. */
export function knownPeople(db: Db, huvudmanId: string, key = redactionKey(db)): PersonDirectory {
  const rows = db.select({ hash: knownNamePart.hash, role: knownNamePart.role }).from(knownNamePart).where(eq(knownNamePart.huvudmanId, huvudmanId)).all();
  return personDirectory(key).addHashed(rows);
}

/** Adds name parts to a huvudman's people (inside the caller's transaction); returns how many were new. */
export function storeKnownPeople(db: Db, huvudmanId: string, parts: readonly HashedNamePart[]): number {
  if (!parts.length) return 0;
  return db
    .insert(knownNamePart)
    .values(parts.map((p) => ({ huvudmanId, hash: p.hash, role: p.role })))
    .onConflictDoNothing()
    .run().changes;
}

// Users and sign-in sessions in the store. A session token is 32 random bytes (base64url), handed
// out once; the database keeps only its SHA-256, with an expiry.
import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { appUser, authSession } from '../store/schema.js';
import { dummyHash, hashPassword, randomPassword, verifyPassword } from './password.js';
import { ROLES, type Role } from './roles.js';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

/** Default session lifetime: a working day. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,39}$/;
export const MIN_PASSWORD = 12;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function toUser(r: typeof appUser.$inferSelect): User {
  return { id: r.id, username: r.username, displayName: r.displayName, role: r.role };
}

export function listUsers(db: Db): (User & { disabled: boolean; createdAt: string })[] {
  return db
    .select()
    .from(appUser)
    .orderBy(appUser.username)
    .all()
    .map((r) => ({ ...toUser(r), disabled: r.disabled, createdAt: r.createdAt }));
}

export function findUser(db: Db, username: string): User | undefined {
  const r = db.select().from(appUser).where(eq(appUser.username, username)).get();
  return r ? toUser(r) : undefined;
}

export class UserExistsError extends Error {}

export async function createUser(db: Db, u: { username: string; displayName: string; role: Role; password: string }): Promise<User> {
  if (!USERNAME_RE.test(u.username)) throw new Error('ogiltigt användarnamn');
  if (!ROLES.includes(u.role)) throw new Error('okänd roll');
  if (findUser(db, u.username)) throw new UserExistsError(`användaren "${u.username}" finns redan`);
  const passwordHash = await hashPassword(u.password);
  const row = db
    .insert(appUser)
    .values({ username: u.username, displayName: u.displayName, role: u.role, passwordHash, createdAt: new Date().toISOString() })
    .returning()
    .get();
  return toUser(row);
}

/** Sets a new password and ends every session of the user: a reset must lock out whoever held one. */
export async function setPassword(db: Db, username: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const r = db.update(appUser).set({ passwordHash }).where(eq(appUser.username, username)).returning({ id: appUser.id }).get();
  if (r) endSessionsOf(db, r.id);
}

/** Disables a user and ends their sessions. */
export function setDisabled(db: Db, username: string, disabled: boolean): boolean {
  const r = db.update(appUser).set({ disabled }).where(eq(appUser.username, username)).returning({ id: appUser.id }).get();
  if (r && disabled) endSessionsOf(db, r.id);
  return !!r;
}

/** The user for a username and password, or null. Takes about as long whether or not the user exists. */
export async function checkCredentials(db: Db, username: string, password: string): Promise<User | null> {
  const r = db.select().from(appUser).where(eq(appUser.username, username)).get();
  const ok = await verifyPassword(password, r?.passwordHash ?? (await dummyHash()));
  return r && ok && !r.disabled ? toUser(r) : null;
}

export function createSession(db: Db, userId: number, ttlMs = SESSION_TTL_MS, now = Date.now()): { token: string; expiresAt: string } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + ttlMs).toISOString();
  db.insert(authSession).values({ tokenHash: tokenHash(token), userId, createdAt: new Date(now).toISOString(), expiresAt }).run();
  // Expired sessions are swept as new ones are made.
  db.delete(authSession).where(lt(authSession.expiresAt, new Date(now).toISOString())).run();
  return { token, expiresAt };
}

export function userForToken(db: Db, token: string, now = Date.now()): (User & { expiresAt: string }) | null {
  if (!token || token.length > 200) return null;
  const r = db
    .select({ u: appUser, expiresAt: authSession.expiresAt })
    .from(authSession)
    .innerJoin(appUser, eq(appUser.id, authSession.userId))
    .where(eq(authSession.tokenHash, tokenHash(token)))
    .get();
  if (!r || r.u.disabled || r.expiresAt <= new Date(now).toISOString()) return null;
  return { ...toUser(r.u), expiresAt: r.expiresAt };
}

export function endSession(db: Db, token: string): void {
  db.delete(authSession).where(eq(authSession.tokenHash, tokenHash(token))).run();
}

export function endSessionsOf(db: Db, userId: number): void {
  db.delete(authSession).where(eq(authSession.userId, userId)).run();
}

/**
 * One demo user per role ("demo-analys" …), created when missing. Each start gives them a fresh
 * random password (printed by `npm start`), since only hashes are stored; their old sessions end.
 */
export async function ensureDemoUsers(db: Db): Promise<{ username: string; role: Role; password: string; created: boolean }[]> {
  const out: { username: string; role: Role; password: string; created: boolean }[] = [];
  for (const role of ROLES) {
    const username = `demo-${role}`;
    const password = randomPassword();
    const existing = findUser(db, username);
    if (existing) {
      await setPassword(db, username, password);
      endSessionsOf(db, existing.id);
    } else {
      await createUser(db, { username, displayName: `Demoanvändare (${role})`, role, password });
    }
    out.push({ username, role, password, created: !existing });
  }
  return out;
}

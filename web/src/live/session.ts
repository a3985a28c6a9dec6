import type { LoginResponse, UserDto } from "./types";

/**
 * A signed-in user: the access token, the refresh token that renews it, and who it belongs to. Kept per browser
 * (localStorage), so a reload stays signed in and every tab of the browser shares one session (sessionKeeper.ts keeps
 * it fresh).
 */
export interface Session {
  token: string;
  /** The access token's expiry as the server wrote it (the server's clock). */
  expiresAt: string;
  user: UserDto;
  /** One use: trading it for a new pair uses it up (docs/security.md). Null only in a session stored by an older
   * version of the dashboard, which signs in again when its token runs out. */
  refreshToken: string | null;
  /** When the session ends unless refreshed before (the server's clock). */
  sessionExpiresAt: string | null;
  /** When the pair arrived, on this device's clock (ms): orders two sessions of the same user, newest wins. */
  receivedAt: number;
  /** When the access token stops working, on this device's clock (ms), measured from its arrival. */
  validUntil: number;
  /** When to refresh it (this device's clock, ms): every tab of the browser aims at the same moment. */
  refreshAt: number;
}

export const sessionStorageKey = "livedesk.session";

export function loadSession(now = Date.now()): Session | null {
  try {
    const stored = JSON.parse(localStorage.getItem(sessionStorageKey) ?? "null") as Partial<Session> | null;
    const session = stored ? normalize(stored) : null;
    return session && isUsable(session, now) ? session : null;
  } catch {
    return null;
  }
}

/** Stores a login's or a refresh's answer as this browser's session. */
export function saveSession(login: LoginResponse, receivedAt = Date.now()): Session {
  const session = sessionFrom(login, receivedAt);
  writeSession(session);
  return session;
}

export function writeSession(session: Session) {
  localStorage.setItem(sessionStorageKey, JSON.stringify(session));
}

export function clearSession() {
  localStorage.removeItem(sessionStorageKey);
}

export function sessionFrom(login: LoginResponse, receivedAt: number): Session {
  const remaining = remainingLifetime(login.accessToken, login.expiresAt, receivedAt);
  return {
    token: login.accessToken,
    expiresAt: login.expiresAt,
    user: login.user,
    refreshToken: login.refreshToken ?? null,
    sessionExpiresAt: login.sessionExpiresAt ?? null,
    receivedAt,
    validUntil: receivedAt + remaining,
    refreshAt: receivedAt + refreshDelay(remaining),
  };
}

/** Worth keeping: the access token still works, or the refresh token can still renew it. */
export function isUsable(session: Session, now: number) {
  if (session.validUntil > now) return true;
  return session.refreshToken !== null && session.sessionExpiresAt !== null && Date.parse(session.sessionExpiresAt) > now;
}

/**
 * When to refresh a token that works for `remainingMs` more: at three quarters of it, but never later than a minute
 * before it ends; a token too short for that (under 80 s) after a quarter of its life, so the refresh and the live
 * connection's move to the new token have most of it to complete in. A 15-minute token is refreshed after 11¼
 * minutes, a 2-minute one after 1, a 2-second one after half a second.
 */
export function refreshDelay(remainingMs: number): number {
  if (remainingMs <= 0) return 0;
  return Math.min(remainingMs * 0.75, Math.max(remainingMs - 60_000, remainingMs / 4));
}

/**
 * How long a fresh access token works, measured from when it was issued, on the server's clock only, so a device
 * whose clock is off still refreshes in time. The token's `exp` (whole seconds, rounded down: what the server
 * enforces, closing live connections at it) can be up to a second earlier than the exact `expiresAt`; with `iat` it
 * also gives the configured lifetime. A token that is not a readable JWT falls back to trusting the clocks.
 */
export function remainingLifetime(token: string, expiresAt: string, receivedAt: number): number {
  const exact = Date.parse(expiresAt);
  const claims = readClaims(token);
  if (claims && Number.isFinite(exact) && claims.exp > claims.iat) {
    const lifetime = (claims.exp - claims.iat) * 1000;
    const issuedAt = exact - lifetime;
    return Math.min(lifetime, Math.max(lifetime - 1000, claims.exp * 1000 - issuedAt));
  }
  return Number.isFinite(exact) ? exact - receivedAt : 0;
}

function readClaims(token: string): { exp: number; iat: number } | null {
  try {
    const payload = token.split(".")[1];
    if (!payload) return null;
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    const claims = JSON.parse(json) as { exp?: unknown; iat?: unknown };
    return typeof claims.exp === "number" && typeof claims.iat === "number" ? { exp: claims.exp, iat: claims.iat } : null;
  } catch {
    return null;
  }
}

/** A session stored by an older version of the dashboard (token, expiresAt and user only) still works until its
 * token runs out. */
function normalize(stored: Partial<Session>): Session | null {
  if (typeof stored.token !== "string" || typeof stored.expiresAt !== "string" || !stored.user) return null;
  const expiry = Date.parse(stored.expiresAt);
  return {
    token: stored.token,
    expiresAt: stored.expiresAt,
    user: stored.user,
    refreshToken: stored.refreshToken ?? null,
    sessionExpiresAt: stored.sessionExpiresAt ?? null,
    receivedAt: stored.receivedAt ?? 0,
    validUntil: stored.validUntil ?? expiry,
    refreshAt: stored.refreshAt ?? expiry,
  };
}

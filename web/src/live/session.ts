import type { LoginResponse, UserDto } from "./types";

/** A signed-in user: the token and who it belongs to. Kept per browser so a reload stays signed in. */
export interface Session {
  token: string;
  expiresAt: string;
  user: UserDto;
}

const storageKey = "livedesk.session";

export function loadSession(now = Date.now()): Session | null {
  try {
    const session = JSON.parse(localStorage.getItem(storageKey) ?? "null") as Session | null;
    return session && Date.parse(session.expiresAt) > now ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(login: LoginResponse): Session {
  const session = { token: login.accessToken, expiresAt: login.expiresAt, user: login.user };
  localStorage.setItem(storageKey, JSON.stringify(session));
  return session;
}

export function clearSession() {
  localStorage.removeItem(storageKey);
}

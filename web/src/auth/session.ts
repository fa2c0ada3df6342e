// The signed-in person's bearer token, kept in sessionStorage: it ends with the browser tab, which suits a
// district office laptop several people share. The API verifies the token; the dashboard only reads its expiry.

export interface Session {
  readonly token: string;
  /** Epoch milliseconds, from the token's `exp`; undefined when the token does not say. */
  readonly expiresAt?: number;
  readonly via: 'development' | 'pasted' | 'oidc';
}

const storageKey = 'healthcard.session';

/** The payload of a JWT, unverified (the API verifies); undefined when the text is not a JWT. */
export const jwtPayload = (token: string): Record<string, unknown> | undefined => {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

export const sessionFor = (token: string, via: Session['via']): Session => {
  const exp = jwtPayload(token)?.exp;
  return { token, via, ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}) };
};

export const loadSession = (now = Date.now()): Session | undefined => {
  const raw = sessionStorage.getItem(storageKey);
  if (raw === null) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== 'string' || (session.expiresAt !== undefined && session.expiresAt <= now)) {
      sessionStorage.removeItem(storageKey);
      return undefined;
    }
    return session;
  } catch {
    sessionStorage.removeItem(storageKey);
    return undefined;
  }
};

export const saveSession = (session: Session): void => sessionStorage.setItem(storageKey, JSON.stringify(session));
export const clearSession = (): void => sessionStorage.removeItem(storageKey);

// The signed revocation list as the page uses it: `GET /v1/cards/revocations` gives `{ list: <compact JWS> }`,
// signed ES256 by a published card key inside its signing period. A list whose signature does not verify is
// refused: the page says so and checks no card against it. Pure.
import { checkJws, inSigningPeriod, type CardKey, type RevocationReason, type RevokedCards } from './check.js';
import { decodeRevocationGroups } from './revocation-format.js';

export type RevocationList =
  | { readonly ok: true; readonly issuedAt: Date; readonly count: number; readonly revoked: RevokedCards }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'outside-key-period' };

const reasons: Readonly<Record<string, RevocationReason>> = { D: 'DUPLICATE', X: 'DECEASED', E: 'ISSUED_IN_ERROR', F: 'FRAUD' };

/** `UPS-LUC-00000001-7` -> group `UPS-LUC`, sequence 1. */
const cardGroup = /^([A-Z]{2,5}-[A-Z]{3})-(\d{8})-[0-9A-Z]$/;

export const checkRevocationList = async (jws: string, keys: readonly CardKey[]): Promise<RevocationList> => {
  const checked = await checkJws(jws, keys);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const payload = checked.payload as { v?: unknown; iat?: unknown; count?: unknown };
  if (typeof payload !== 'object' || payload === null || payload.v !== 1 || typeof payload.iat !== 'number')
    return { ok: false, reason: 'malformed' };
  const issuedAt = new Date(payload.iat * 1000);
  if (!inSigningPeriod(checked.key, issuedAt.getTime())) return { ok: false, reason: 'outside-key-period' };
  let entries: Map<string, string>;
  try {
    entries = decodeRevocationGroups(checked.payload);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  return {
    ok: true,
    issuedAt,
    count: entries.size,
    revoked: (cardNumber) => {
      const match = cardGroup.exec(cardNumber);
      if (match === null) return undefined;
      const code = entries.get(`${match[1]}:${Number(match[2])}`);
      return code === undefined ? undefined : reasons[code];
    },
  };
};

// The revocation list's payload (docs/card.md): groups of `{ p: "<PREFIX>-<DISTRICT>", s: base64url of LEB128
// varints (sorted sequence numbers, delta-encoded from 0), r: one reason character per entry }`, read into
// `"<PREFIX>-<DISTRICT>:<sequence>"` -> reason character. Throws on a list that does not decode.
import { base64urlBytes } from './check.js';

export const decodeRevocationGroups = (payload: unknown): Map<string, string> => {
  const groups = (payload as { groups?: unknown }).groups;
  if (!Array.isArray(groups)) throw new Error('no groups');
  const entries = new Map<string, string>();
  for (const group of groups as { p?: unknown; s?: unknown; r?: unknown }[]) {
    if (typeof group.p !== 'string' || typeof group.s !== 'string' || typeof group.r !== 'string') throw new Error('a bad group');
    const bytes = base64urlBytes(group.s);
    let sequence = 0;
    let index = 0;
    for (let at = 0; at < bytes.length; ) {
      let delta = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[at] as number;
        at += 1;
        delta += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte >= 0x80 && at < bytes.length);
      sequence += delta;
      const reason = group.r[index];
      if (reason === undefined) throw new Error('fewer reasons than entries');
      entries.set(`${group.p}:${sequence}`, reason);
      index += 1;
    }
    if (index !== group.r.length) throw new Error('more reasons than entries');
  }
  return entries;
};

// Revocation lists built by the tests from the published format (docs/card.md): groups per `PREFIX-DISTRICT`,
// sorted sequence numbers delta-encoded as unsigned LEB128 varints (base64url), one reason character an entry.
// Written here from the format's words, not by the back end's encoder, so a test of a reader is not a round trip.

/** Unsigned LEB128: 7 bits a byte, low first, the high bit saying "more". */
export const leb128 = (value: number): number[] => {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return bytes;
};

/** One group of the list: `entries` are [sequence, reason character], sorted by sequence. */
export const revocationGroup = (prefix: string, entries: readonly (readonly [number, string])[]) => {
  let previous = 0;
  const bytes = entries.flatMap(([sequence]) => {
    const delta = leb128(sequence - previous);
    previous = sequence;
    return delta;
  });
  return { p: prefix, s: Buffer.from(bytes).toString('base64url'), r: entries.map(([, reason]) => reason).join('') };
};

/** The list's payload, v1, at `iat` (seconds). */
export const revocationPayload = (iat: number, groups: readonly ReturnType<typeof revocationGroup>[]) => ({
  v: 1,
  iat,
  count: groups.reduce((total, group) => total + group.r.length, 0),
  groups,
});

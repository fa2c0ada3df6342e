// The revocation list's size for a whole state: 1 crore cards across 75 districts, 1% revoked at random (seeded),
// reasons mixed. Prints the signed list's size as served and gzip-compressed, beside a plain JSON list of card
// numbers, and how long encoding, signing, verifying and decoding take. `--cards N --percent P --seed S` to vary.
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { formatCardNumber } from '../functions/core/card-number.js';
import {
  decodeRevocations,
  encodeRevocations,
  revocationReasonCodes,
  verifyRevocationList,
  type RevokedCard,
} from '../functions/core/revocations.js';
import { signRevocationList } from '../functions/ports/card-signer.js';
import { LocalCardSigner } from '../functions/adapters/card-signer-local.js';
import { machine, round, timed, writeResults } from './common.js';

const { values } = parseArgs({
  options: {
    cards: { type: 'string', default: '10000000' },
    percent: { type: 'string', default: '1' },
    seed: { type: 'string', default: '20261204' },
  },
});
const totalCards = Number(values.cards);
const percent = Number(values.percent);
const districts = 75;

/** mulberry32: a small seeded generator, so every run revokes the same cards. */
const seeded = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};
const random = seeded(Number(values.seed));

// Districts' codes AAA, AAB, ...; each issues its share of cards from sequence 1 (PM-JAY's prefix).
const districtCode = (index: number) => `A${String.fromCharCode(65 + Math.floor(index / 26))}${String.fromCharCode(65 + (index % 26))}`;
const perDistrict = Math.ceil(totalCards / districts);
// Duplicates found later are the commonest reason, then deaths; fraud is rare.
const reasonOf = (draw: number) =>
  draw < 0.5
    ? 'DUPLICATE'
    : draw < 0.85
      ? 'DECEASED'
      : draw < 0.97
        ? 'ISSUED_IN_ERROR'
        : ('FRAUD' as (typeof revocationReasonCodes)[number]);

const revoked: RevokedCard[] = [];
for (let district = 0; district < districts; district += 1) {
  const issued = Math.min(perDistrict, totalCards - district * perDistrict);
  // Each card revoked with probability percent/100: a Bernoulli draw per card, as revocations fall.
  for (let sequence = 1; sequence <= issued; sequence += 1) {
    if (random() < percent / 100) {
      revoked.push({
        cardNumber: formatCardNumber({ prefix: 'PMJ', districtCode: districtCode(district), sequence }),
        reasonCode: reasonOf(random()),
      });
    }
  }
}

const signer = LocalCardSigner.generate();
const keys = { keys: [await signer.publicJwk()] };
const encoded = await timed(async () => encodeRevocations(revoked, new Date()));
const signed = await timed(() => signRevocationList(encoded.result, signer));
const verified = await timed(() => verifyRevocationList(signed.result, keys));
if (!verified.result.valid || verified.result.list.cards.length !== revoked.length) throw new Error('the list did not verify');
const decoded = await timed(async () => decodeRevocations(encoded.result));

const body = JSON.stringify({ list: signed.result });
const plain = JSON.stringify(revoked.map((card) => card.cardNumber));
const kb = (bytes: number) => round(bytes / 1024, 1);
const figures = {
  cards: totalCards,
  districts,
  revoked: revoked.length,
  seed: Number(values.seed),
  listBytes: Buffer.byteLength(body),
  listGzipBytes: gzipSync(body).length,
  bytesPerRevokedCard: round(Buffer.byteLength(body) / revoked.length, 2),
  plainCardNumbersJsonBytes: Buffer.byteLength(plain),
  plainCardNumbersGzipBytes: gzipSync(plain).length,
  encodeMs: round(encoded.ms),
  signMs: round(signed.ms),
  verifyMs: round(verified.ms),
  decodeMs: round(decoded.ms),
  machine: machine(),
};
console.log(
  `${totalCards.toLocaleString('en-IN')} cards, ${revoked.length.toLocaleString('en-IN')} revoked: the signed list is ${kb(figures.listBytes)} KB ` +
    `(${kb(figures.listGzipBytes)} KB gzip), ${figures.bytesPerRevokedCard} bytes a card; ` +
    `card numbers as plain JSON would be ${kb(figures.plainCardNumbersJsonBytes)} KB (${kb(figures.plainCardNumbersGzipBytes)} KB gzip).`,
);
console.log(
  `encode ${figures.encodeMs} ms, sign ${figures.signMs} ms, verify ${figures.verifyMs} ms (signature and decoding), decode ${figures.decodeMs} ms`,
);
writeResults('revocations', figures);

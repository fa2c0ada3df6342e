// The e-KYC simulator's photos. UIDAI's e-KYC answer carries the holder's photograph as `Pht`, a base64 JPEG;
// the gateway contract passes it on as `photo: { contentType: 'image/jpeg', base64 }` (docs/ekyc.md). Each
// identity gets its own small portrait, drawn from its Aadhaar number (background, face and shirt colours, a
// striped band), so no two test identities share a photo (the load-test crowd shares one, below) and the same identity
// always gets the same bytes.
// Encoded with jpeg-js: nothing downloaded, no binary files shipped.
import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';

/** Passport proportions (35 x 45 mm), small: what a card's 44 x 55 pt frame needs. */
export const simulatedPhotoSize = { width: 48, height: 60 } as const;

/**
 * Text written into every simulated photo's JPEG comment segment. It appears verbatim in the photo's bytes, so a
 * privacy scan finds a photo leaked as raw or latin1 text by it (test/support/privacy.ts).
 */
export const simulatedPhotoMarker = 'healthcard simulated e-KYC photo';

const cache = new Map<string, string>();

/**
 * The crowd (numbers 9998…, ten million identities for load runs) shares one portrait: an image costs tens of
 * milliseconds to encode (jpeg-js builds its tables per image), too much per registration in a load run.
 */
const crowdPattern = /^9998\d{8}$/;

/** The identity's photo, as the simulator answers it: drawn once, then kept. */
export const simulatedPhoto = (aadhaarNumber: string): { readonly contentType: 'image/jpeg'; readonly base64: string } => {
  const seed = crowdPattern.test(aadhaarNumber) ? 'crowd portrait' : aadhaarNumber;
  let base64 = cache.get(seed);
  if (base64 === undefined) {
    base64 = drawPortrait(seed).toString('base64');
    cache.set(seed, base64);
  }
  return { contentType: 'image/jpeg', base64 };
};

const drawPortrait = (name: string): Buffer => {
  const seed = createHash('sha256').update(name).digest();
  const colour = (offset: number) => [seed[offset] as number, seed[offset + 1] as number, seed[offset + 2] as number];
  const background = colour(0);
  const face = [150 + ((seed[3] as number) % 90), 100 + ((seed[4] as number) % 70), 70 + ((seed[5] as number) % 60)];
  const shirt = colour(6);
  const { width, height } = simulatedPhotoSize;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const inFace = ((x - width / 2) / 11) ** 2 + ((y - 24) / 14) ** 2 <= 1;
      const inShirt = y > 44 && Math.abs(x - width / 2) < 8 + (y - 44) * 1.2;
      // A thin striped band along the top edge, twelve stripes from the seed.
      const level = (seed[9 + Math.floor(x / 4)] as number) % 10;
      const band = y < 4 ? [level * 25, 255 - level * 25, (level * 70) % 256] : undefined;
      const [red, green, blue] = band ?? (inFace ? face : inShirt ? shirt : background);
      data.set([red as number, green as number, blue as number, 255], (y * width + x) * 4);
    }
  }
  return jpeg.encode({ width, height, data, comments: [simulatedPhotoMarker] }, 90).data;
};

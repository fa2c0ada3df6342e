// The simulators' fault injection draws from one seeded PRNG (mulberry32), so a fault run can be repeated.
// Ours: a dozen lines; not worth a dependency.

/** Numbers in [0, 1), the same sequence for the same seed. */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

// Seeded shuffling for the scripts and the benchmark (Node and its pages), so that samples and
// splits are the same on every machine. The generator is mulberry32, as in src/util/random.ts.

/** A seeded generator of floats in [0, 1). */
export function seededRandom(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `items` ordered by one random key each (drawn in item order). */
export function shuffleByKeys(items, random) {
  return items.map((item) => [random(), item]).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
}

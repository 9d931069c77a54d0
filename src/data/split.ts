import { seededRandom, shuffled } from '../util/random.js';

/**
 * Seeded stratified split of items by class: each class contributes about `1 - trainRatio` of its
 * items to validation (at least one when it has three or more, none when fewer), so every class
 * is represented in both parts whenever it can be.
 */
export function stratifiedSplit(
  strata: readonly number[],
  trainRatio: number,
  seed: number,
): { train: number[]; validation: number[] } {
  const random = seededRandom(seed);
  const byClass = new Map<number, number[]>();
  strata.forEach((c, i) => {
    const members = byClass.get(c);
    if (members) members.push(i);
    else byClass.set(c, [i]);
  });
  const train: number[] = [];
  const validation: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const items = shuffled(byClass.get(c) as number[], random);
    const held = items.length >= 3 && trainRatio < 1 ? Math.max(1, Math.round(items.length * (1 - trainRatio))) : 0;
    validation.push(...items.slice(0, held));
    train.push(...items.slice(held));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/**
 * The slots of an open-addressing hash table for `count` keys: the smallest power of two, at
 * least 1,024, that is at least twice `count` (so that probe chains stay short).
 */
export function slotsFor(count: number): number {
  let size = 1024;
  while (size < count * 2) size *= 2;
  return size;
}

/**
 * Moves the `k` smallest of `values` (distinct integers) to its first `k` places, in no particular
 * order, rearranging the rest: a quickselect, linear on average, where sorting them all (to take
 * the first `k`) cost n log n. Pivots are medians of three, so it needs no randomness.
 */
export function moveSmallestFirst(values: Int32Array, k: number): void {
  let low = 0;
  let high = values.length - 1;
  while (low < high && k > low && k <= high) {
    const middle = (low + high) >>> 1;
    const a = values[low];
    const b = values[middle];
    const c = values[high];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // Hoare partition: [low, j] ≤ pivot ≤ [j + 1, high].
    let i = low - 1;
    let j = high + 1;
    for (;;) {
      do i++;
      while (values[i] < pivot);
      do j--;
      while (values[j] > pivot);
      if (i >= j) break;
      const swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    if (k <= j + 1) high = j;
    else low = j + 1;
  }
}

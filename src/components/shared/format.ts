/** A fraction as a percentage with one decimal, or "–" when there is none (undefined or NaN). */
export const pct = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);

/** A number with `digits` decimals, or "–" when there is none (undefined or NaN). */
export const num = (x: number | undefined, digits = 3): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

/**
 * Numbers, percentages and dates for one locale, through `Intl`; "–" where there is no value
 * (undefined or NaN).
 */
export class Formatter {
  private readonly percent: Intl.NumberFormat;
  private readonly integer: Intl.NumberFormat;
  private readonly upToThree: Intl.NumberFormat;
  private readonly decimals = new Map<number, Intl.NumberFormat>();
  private readonly dateTime: Intl.DateTimeFormat;

  constructor(readonly locale: string) {
    this.percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.upToThree = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    this.dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  }

  /** A fraction as a percentage with one decimal (0.972 → "97.2%" in English). */
  pct(x: number | undefined): string {
    return missing(x) ? '–' : this.percent.format(x!);
  }

  /** A number with exactly `digits` decimals. */
  num(x: number | undefined, digits = 3): string {
    if (missing(x)) return '–';
    let format = this.decimals.get(digits);
    if (!format) this.decimals.set(digits, (format = new Intl.NumberFormat(this.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
    return format.format(x!);
  }

  /** A number with as many decimals as it needs, up to three (0.1 → "0.1", 100 → "100"). */
  value(x: number | undefined): string {
    return missing(x) ? '–' : this.upToThree.format(x!);
  }

  /** A whole number, grouped as the locale groups digits. */
  int(x: number | undefined): string {
    return missing(x) ? '–' : this.integer.format(x!);
  }

  /** A time (milliseconds since the epoch) as a short date and time. */
  date(ms: number): string {
    return this.dateTime.format(ms);
  }
}

const missing = (x: number | undefined) => x === undefined || Number.isNaN(x);

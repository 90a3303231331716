/** The q-quantile (0…1) of values, by linear interpolation between the closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const lower = sorted[low] as number;
  return lower + ((sorted[high] as number) - lower) * (at - low);
}

/** How a set of measurements spreads: the median with its quartiles and extremes. */
export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    n: values.length,
    median: quantile(values, 0.5),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** `1.04× (IQR 1.01–1.08, min–max 0.97–1.15, 10 rounds)` */
export function describeRatio(ratio: Spread, unit = 'rounds'): string {
  const f = (value: number) => value.toFixed(2);
  return `${f(ratio.median)}× (IQR ${f(ratio.q1)}–${f(ratio.q3)}, min–max ${f(ratio.min)}–${f(ratio.max)}, ${ratio.n} ${unit})`;
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number): string {
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

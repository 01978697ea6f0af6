// A seeded random source for sample data: the same seed gives the same rows, byte for byte, on
// every machine. pure-rand provides the generator (xoroshiro128+) and unbiased integer ranges;
// Math.random is never used here.
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

export class SampleRandom {
  private readonly rng: RandomGenerator;

  constructor(seed: number) {
    // pure-rand takes a 32-bit integer seed.
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.rng);
  }

  /** A float in [0, 1) with 2^-30 resolution (plenty for sample data). */
  float(): number {
    return unsafeUniformIntDistribution(0, 0x3fffffff, this.rng) / 0x40000000;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks by weight; `cumulative` holds running totals of the weights (see cumulativeWeights). */
  pickWeighted<T>(items: readonly T[], cumulative: readonly number[]): T {
    const total = cumulative[cumulative.length - 1]!;
    const r = this.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  }

  /** An amount with two decimals in [min, max]. */
  money(min: number, max: number): number {
    return this.int(Math.round(min * 100), Math.round(max * 100)) / 100;
  }
}

export function cumulativeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

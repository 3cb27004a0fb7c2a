// Pixel statistics over rescaled values; non-finite values (NaN in float NIfTI) are skipped.

export interface PixelStats { min: number; max: number; mean: number; count: number }

export class StatsAccumulator {
  min = Infinity
  max = -Infinity
  sum = 0
  count = 0

  /** Adds `values[i] * slope + intercept` for every i, in float64. */
  add(values: ArrayLike<number>, slope = 1, intercept = 0): void {
    let min = this.min, max = this.max, sum = 0, count = 0
    for (let i = 0; i < values.length; i++) {
      const x = values[i] * slope + intercept
      if (x !== x || x === Infinity || x === -Infinity) continue
      if (x < min) min = x
      if (x > max) max = x
      sum += x
      count++
    }
    this.min = min
    this.max = max
    this.sum += sum
    this.count += count
  }

  result(): PixelStats {
    if (this.count === 0) return { min: NaN, max: NaN, mean: NaN, count: 0 }
    return { min: this.min, max: this.max, mean: this.sum / this.count, count: this.count }
  }
}

export function pixelStats(values: ArrayLike<number>): PixelStats {
  const acc = new StatsAccumulator()
  acc.add(values)
  return acc.result()
}

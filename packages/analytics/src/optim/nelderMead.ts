import { maxAbs, numericalGradient } from './derivatives.js'
import type { MinimizeResult, Objective } from './types.js'

export interface NelderMeadOptions {
  /** Simplex iterations allowed; default 200 per dimension. */
  readonly maxIterations?: number
  /**
   * Converged when every vertex lies within this distance (per coordinate) of the best vertex
   * AND the objective spread meets `fTolerance`. Default 1e-8.
   */
  readonly xTolerance?: number
  /** Objective spread allowed over the simplex, relative to `max(1, |f(best)|)`. Default 1e-12. */
  readonly fTolerance?: number
  /**
   * Edge length of the initial simplex along each coordinate: one number for all coordinates,
   * or one per coordinate. Default `0.1 * max(1, |x0_i|)`.
   */
  readonly initialStep?: number | readonly number[]
}

// Standard coefficients (Lagarias, Reeds, Wright & Wright 1998): reflection, expansion,
// contraction, shrink.
const REFLECT = 1
const EXPAND = 2
const CONTRACT = 0.5
const SHRINK = 0.5

/**
 * Minimises `f` by the Nelder-Mead simplex method (Nelder & Mead 1965, as specified by Lagarias et
 * al. 1998). Derivative-free and tolerant of non-finite values (treated as +Infinity, so the
 * simplex backs away from them), which makes it a robust first stage before a quasi-Newton polish.
 * `gradientNorm` in the result is measured by central differences at the returned point, so
 * callers can see how close to stationary the simplex got.
 */
export function nelderMead(f: Objective, x0: ArrayLike<number>, options: NelderMeadOptions = {}): MinimizeResult {
  const n = x0.length
  if (n === 0) throw new RangeError('nelderMead needs at least one dimension')
  const maxIterations = options.maxIterations ?? 200 * n
  const xTolerance = options.xTolerance ?? 1e-8
  const fTolerance = options.fTolerance ?? 1e-12
  let evaluations = 0
  const evaluate = (x: Float64Array): number => {
    evaluations++
    const value = f(x)
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY
  }

  const start = Float64Array.from(x0)
  const vertices: Float64Array[] = [start]
  for (let i = 0; i < n; i++) {
    const vertex = Float64Array.from(start)
    const step = options.initialStep
    const xi = start[i] ?? 0
    const h = typeof step === 'number' ? step : (step?.[i] ?? 0.1 * Math.max(1, Math.abs(xi)))
    vertex[i] = xi + h
    vertices.push(vertex)
  }
  const values = vertices.map(evaluate)
  const finish = (iterations: number, converged: boolean, message: string): MinimizeResult => {
    const best = vertices[0] ?? start
    const fx = values[0] ?? Number.POSITIVE_INFINITY
    const gradient = Number.isFinite(fx) ? numericalGradient(f, best) : new Float64Array(n).fill(Number.NaN)
    evaluations += 2 * n
    return { x: Float64Array.from(best), fx, iterations, evaluations, converged, gradientNorm: maxAbs(gradient), message }
  }
  if (!Number.isFinite(values[0])) return finish(0, false, 'objective is not finite at the starting point')

  const order = vertices.map((_, i) => i)
  const sortSimplex = (): void => {
    order.sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0))
    const sortedVertices = order.map((i) => vertices[i] ?? start)
    const sortedValues = order.map((i) => values[i] ?? Number.POSITIVE_INFINITY)
    for (let i = 0; i <= n; i++) {
      vertices[i] = sortedVertices[i] ?? start
      values[i] = sortedValues[i] ?? Number.POSITIVE_INFINITY
      order[i] = i
    }
  }
  const along = (from: Float64Array, to: Float64Array, coefficient: number): Float64Array => {
    // from + coefficient * (to - from)
    const point = new Float64Array(n)
    for (let i = 0; i < n; i++) point[i] = (from[i] ?? 0) + coefficient * ((to[i] ?? 0) - (from[i] ?? 0))
    return point
  }

  sortSimplex()
  const centroid = new Float64Array(n)
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const best = vertices[0] ?? start
    const bestValue = values[0] ?? Number.POSITIVE_INFINITY
    const worstValue = values[n] ?? Number.POSITIVE_INFINITY
    let spread = 0
    for (let v = 1; v <= n; v++) {
      const vertex = vertices[v] ?? start
      for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs((vertex[i] ?? 0) - (best[i] ?? 0)))
    }
    if (spread <= xTolerance && worstValue - bestValue <= fTolerance * Math.max(1, Math.abs(bestValue))) {
      return finish(iteration, true, 'simplex and objective spread within tolerance')
    }

    centroid.fill(0)
    for (let v = 0; v < n; v++) {
      const vertex = vertices[v] ?? start
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] ?? 0) + (vertex[i] ?? 0) / n
    }
    const worst = vertices[n] ?? start
    const reflected = along(centroid, worst, -REFLECT)
    const reflectedValue = evaluate(reflected)
    const secondWorstValue = values[n - 1] ?? Number.POSITIVE_INFINITY

    let accepted: Float64Array | null = null
    let acceptedValue = Number.POSITIVE_INFINITY
    if (reflectedValue < bestValue) {
      const expanded = along(centroid, worst, -REFLECT * EXPAND)
      const expandedValue = evaluate(expanded)
      if (expandedValue < reflectedValue) {
        accepted = expanded
        acceptedValue = expandedValue
      } else {
        accepted = reflected
        acceptedValue = reflectedValue
      }
    } else if (reflectedValue < secondWorstValue) {
      accepted = reflected
      acceptedValue = reflectedValue
    } else if (reflectedValue < worstValue) {
      const outside = along(centroid, reflected, CONTRACT)
      const outsideValue = evaluate(outside)
      if (outsideValue <= reflectedValue) {
        accepted = outside
        acceptedValue = outsideValue
      }
    } else {
      const inside = along(centroid, worst, CONTRACT)
      const insideValue = evaluate(inside)
      if (insideValue < worstValue) {
        accepted = inside
        acceptedValue = insideValue
      }
    }

    if (accepted === null) {
      // Shrink every vertex towards the best one.
      for (let v = 1; v <= n; v++) {
        vertices[v] = along(best, vertices[v] ?? start, SHRINK)
        values[v] = evaluate(vertices[v] ?? start)
      }
    } else {
      vertices[n] = accepted
      values[n] = acceptedValue
    }
    sortSimplex()
  }
  return finish(maxIterations, false, `iteration limit (${maxIterations}) reached before the simplex converged`)
}

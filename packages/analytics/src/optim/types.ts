/** A scalar function of a real vector, to be minimised. Non-finite values are treated as +Infinity. */
export type Objective = (x: Float64Array) => number

/**
 * The outcome of a minimisation. `converged` is true only when the method's own stopping test was
 * met; when an iteration limit is hit or a line search cannot make progress, the best point found
 * so far is still returned, with `converged: false` and `message` saying why.
 */
export interface MinimizeResult {
  /** The best point found. */
  readonly x: Float64Array
  /** The objective at `x`. */
  readonly fx: number
  /** Iterations performed (simplex steps for Nelder-Mead, quasi-Newton steps for BFGS). */
  readonly iterations: number
  /** Objective evaluations, including those spent on numerical gradients. */
  readonly evaluations: number
  readonly converged: boolean
  /** Largest absolute component of the central-difference gradient at `x`. */
  readonly gradientNorm: number
  /** Why the method stopped, for people. */
  readonly message: string
  /**
   * Estimated rounding noise of the objective near `x` (absolute), when the method measured it;
   * gradient components below about `noise / h` (h the difference step) are indistinguishable from zero.
   */
  readonly noise?: number
}

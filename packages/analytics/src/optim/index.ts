/**
 * Numerical minimisation for maximum-likelihood fitting: a derivative-free Nelder-Mead search, a
 * BFGS polish with central-difference gradients, and a numerical Hessian with a Cholesky inverse
 * for standard errors. Every minimiser reports whether it actually converged.
 */
export type { MinimizeResult, Objective } from './types.js'
export { nelderMead, type NelderMeadOptions } from './nelderMead.js'
export { bfgs, type BfgsOptions } from './bfgs.js'
export {
  estimateNoise,
  gradientNoiseFloor,
  invertSymmetricPositiveDefinite,
  maxAbs,
  numericalGradient,
  numericalHessian,
} from './derivatives.js'

import { describe, expect, it } from 'vitest'
import { bfgs, invertSymmetricPositiveDefinite, nelderMead, numericalGradient, numericalHessian } from './index.js'

const rosenbrock = (x: Float64Array): number => {
  const a = x[0] ?? 0
  const b = x[1] ?? 0
  return 100 * (b - a * a) ** 2 + (1 - a) ** 2
}

// An ill-conditioned but exactly known quadratic: minimum 3 at (1, -2, 0.5).
const quadratic = (x: Float64Array): number => {
  const u = (x[0] ?? 0) - 1
  const v = (x[1] ?? 0) + 2
  const w = (x[2] ?? 0) - 0.5
  return 3 + 50 * u * u + 0.02 * v * v + 4 * w * w + 2 * u * w
}

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function from the classic start (-1.2, 1)', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 2000 })
    expect(result.converged).toBe(true)
    expect(result.x[0]).toBeCloseTo(1, 5)
    expect(result.x[1]).toBeCloseTo(1, 5)
    expect(result.fx).toBeLessThan(1e-10)
  })

  it('reports an exhausted iteration budget as not converged, with the best point so far', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 })
    expect(result.converged).toBe(false)
    expect(result.iterations).toBe(10)
    expect(result.message).toMatch(/iteration limit/)
    expect(result.fx).toBeLessThan(rosenbrock(Float64Array.of(-1.2, 1)))
    expect(result.gradientNorm).toBeGreaterThan(0.1)
  })

  it('backs away from regions where the objective is not finite', () => {
    // log-barrier: undefined for x <= 0, minimum at x = 1.
    const barrier = (x: Float64Array): number => {
      const v = x[0] ?? 0
      return v - Math.log(v)
    }
    const result = nelderMead(barrier, [0.05], { initialStep: -1 })
    expect(result.converged).toBe(true)
    expect(result.x[0]).toBeCloseTo(1, 6)
  })

  it('refuses a start where the objective is not finite', () => {
    const result = nelderMead(() => Number.NaN, [0, 0])
    expect(result.converged).toBe(false)
    expect(result.message).toMatch(/not finite/)
  })
})

describe('bfgs', () => {
  it('polishes the Rosenbrock function to a vanishing gradient', () => {
    const result = bfgs(rosenbrock, [-1.2, 1])
    expect(result.converged).toBe(true)
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-8)
    expect(result.x[0]).toBeCloseTo(1, 6)
    expect(result.x[1]).toBeCloseTo(1, 6)
  })

  it('solves an ill-conditioned quadratic exactly', () => {
    const result = bfgs(quadratic, [10, 10, 10])
    expect(result.converged).toBe(true)
    expect(result.fx).toBeCloseTo(3, 12)
    // The stationary point of 50u² + 4w² + 2uw is u = w = 0.
    expect(result.x[0]).toBeCloseTo(1, 6)
    expect(result.x[1]).toBeCloseTo(-2, 4)
    expect(result.x[2]).toBeCloseTo(0.5, 6)
  })

  it('reports an unbounded objective as not converged instead of looping', () => {
    const result = bfgs((x) => -(x[0] ?? 0), [0], { maxIterations: 25 })
    expect(result.converged).toBe(false)
    expect(result.iterations).toBeLessThanOrEqual(25)
  })

  it('reports a non-finite start', () => {
    const result = bfgs(() => Number.POSITIVE_INFINITY, [1])
    expect(result.converged).toBe(false)
    expect(result.message).toMatch(/not finite/)
  })
})

describe('numerical derivatives', () => {
  it('gradient of a smooth function matches the analytic one', () => {
    const f = (x: Float64Array): number => Math.exp(x[0] ?? 0) * Math.sin(x[1] ?? 0)
    const x = Float64Array.of(0.3, 1.1)
    const g = numericalGradient(f, x)
    expect(g[0]).toBeCloseTo(Math.exp(0.3) * Math.sin(1.1), 9)
    expect(g[1]).toBeCloseTo(Math.exp(0.3) * Math.cos(1.1), 9)
  })

  it('Hessian of a quadratic is its constant matrix, and inverts to the known inverse', () => {
    const h = numericalHessian(quadratic, Float64Array.of(0.2, -1, 3))
    const exact = [100, 0, 2, 0, 0.04, 0, 2, 0, 8]
    exact.forEach((value, i) => expect(h[i]).toBeCloseTo(value, 5))
    const inverse = invertSymmetricPositiveDefinite(Float64Array.from(exact), 3)
    expect(inverse).not.toBeNull()
    // A · A^-1 = I
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0
        for (let k = 0; k < 3; k++) sum += (exact[i * 3 + k] ?? 0) * (inverse?.[k * 3 + j] ?? 0)
        expect(sum).toBeCloseTo(i === j ? 1 : 0, 12)
      }
    }
  })

  it('inverse is null for a matrix that is not positive definite', () => {
    expect(invertSymmetricPositiveDefinite(Float64Array.of(1, 2, 2, 1), 2)).toBeNull()
    expect(invertSymmetricPositiveDefinite(Float64Array.of(1, 0, 0, Number.NaN), 2)).toBeNull()
  })
})

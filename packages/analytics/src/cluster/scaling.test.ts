import { describe, expect, it } from 'vitest'
import {
  applyScaling,
  buildFeatureMatrix,
  fitScaling,
  invertScaling,
  matrixFromColumns,
  matrixFromRows,
  oneHotEncode,
  scaleMatrix,
  type ScalingParameters,
} from './index.js'

function expectOk<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`)
  return result.value
}

// Column 0: 2, 4, 6 (mean 4, population sd √(8/3), min 2, max 6); column 1 is constant.
const x = matrixFromRows([
  [2, 7],
  [4, 7],
  [6, 7],
])

describe('fitScaling / applyScaling / invertScaling', () => {
  it('zscore uses the population standard deviation; a constant column gets scale 1', () => {
    const p = expectOk(fitScaling(x, 'zscore'))
    expect([...p.offset]).toEqual([4, 7])
    expect(p.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 14)
    expect(p.scale[1]).toBe(1)
    const scaled = applyScaling(x, p)
    expect(scaled.data[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 14)
    expect([scaled.data[1], scaled.data[3], scaled.data[5]]).toEqual([0, 0, 0])
  })

  it('minmax maps into [0, 1]', () => {
    const { matrix, parameters } = expectOk(scaleMatrix(x, 'minmax'))
    expect([...parameters.offset]).toEqual([2, 7])
    expect([...parameters.scale]).toEqual([4, 1])
    expect([...matrix.data]).toEqual([0, 0, 0.5, 0, 1, 0])
  })

  it('none leaves values alone', () => {
    const { matrix } = expectOk(scaleMatrix(x, 'none'))
    expect([...matrix.data]).toEqual([...x.data])
  })

  it.each(['zscore', 'minmax', 'none'] as const)('%s round-trips through invertScaling', (method) => {
    const { matrix, parameters } = expectOk(scaleMatrix(x, method))
    const back = invertScaling(matrix, parameters)
    back.data.forEach((v, i) => expect(v).toBeCloseTo(x.data[i] as number, 12))
  })

  it('rejects NaN and mismatched parameters', () => {
    const bad = matrixFromRows([[1], [Number.NaN]])
    expect(fitScaling(bad, 'zscore').ok).toBe(false)
    const p: ScalingParameters = { method: 'none', offset: new Float64Array(1), scale: new Float64Array(1).fill(1) }
    expect(() => applyScaling(x, p)).toThrow(RangeError)
  })
})

describe('oneHotEncode', () => {
  it('encodes sorted categories; missing values are all zeros', () => {
    const encoded = oneHotEncode(['b', 'a', null, 'b', undefined])
    expect(encoded.categories).toEqual(['a', 'b'])
    expect(encoded.matrix.n).toBe(5)
    expect(encoded.matrix.d).toBe(2)
    expect([...encoded.matrix.data]).toEqual([0, 1, 1, 0, 0, 0, 0, 1, 0, 0])
  })

  it('uses a given category list; unknown values are all zeros', () => {
    const encoded = oneHotEncode(['x', 'z'], { categories: ['z', 'y'] })
    expect(encoded.categories).toEqual(['z', 'y'])
    expect([...encoded.matrix.data]).toEqual([0, 0, 1, 0])
  })
})

describe('buildFeatureMatrix', () => {
  it('scales numeric columns, appends indicators, and inverts centroids to original units', () => {
    const built = expectOk(
      buildFeatureMatrix(
        [
          { kind: 'numeric', name: 'age', values: Float64Array.from([20, 30, 40, 50]) },
          { kind: 'categorical', name: 'gender', values: ['F', 'M', 'F', null] },
        ],
        { scaling: 'minmax' },
      ),
    )
    expect(built.featureNames).toEqual(['age', 'gender=F', 'gender=M'])
    expect(built.matrix.d).toBe(3)
    expect([...built.matrix.data]).toEqual([0, 1, 0, 1 / 3, 0, 1, 2 / 3, 1, 0, 1, 0, 0])
    // Centroid of rows 0 and 2 (ages 20 and 40, both F) in scaled space; inverted: age 30, 100 % F.
    const centroid = matrixFromColumns([Float64Array.from([1 / 3]), Float64Array.from([1]), Float64Array.from([0])])
    expect([...invertScaling(centroid, built.scaling).data].map((v) => Number(v.toFixed(12)))).toEqual([30, 1, 0])
  })

  it('names the column of a non-finite value and rejects bad shapes', () => {
    const result = buildFeatureMatrix([{ kind: 'numeric', name: 'income', values: Float64Array.from([1, Number.NaN]) }])
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/column income, row 1 is NaN/)
    expect(buildFeatureMatrix([]).ok).toBe(false)
    const uneven = buildFeatureMatrix([
      { kind: 'numeric', name: 'a', values: Float64Array.from([1, 2]) },
      { kind: 'categorical', name: 'b', values: ['x'] },
    ])
    expect(uneven.ok).toBe(false)
  })
})

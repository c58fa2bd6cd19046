import { describe, expect, it } from 'vitest'
import { assignToCentroids, createRandom, kmeans, matrixFromRows, type DataMatrix, type KMeansResult } from './index.js'

/** Three tight, well separated groups in 2-D; the sizes differ so the clusters can be told apart. */
function threeBlobs(seed: number): { x: DataMatrix; truth: Int32Array } {
  const random = createRandom(seed)
  const centres: [number, number][] = [
    [0, 0],
    [10, 0],
    [0, 10],
  ]
  const sizes = [30, 20, 10]
  const rows: number[][] = []
  const truth: number[] = []
  sizes.forEach((size, c) => {
    const [cx, cy] = centres[c] as [number, number]
    for (let i = 0; i < size; i++) {
      rows.push([cx + random.next() - 0.5, cy + random.next() - 0.5])
      truth.push(c)
    }
  })
  return { x: matrixFromRows(rows), truth: Int32Array.from(truth) }
}

function expectOk<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value
}

/** The defining properties of a converged Lloyd solution, checked from scratch. */
function expectLloydFixedPoint(x: DataMatrix, model: KMeansResult): void {
  const { data, n, d } = x
  const sums = new Float64Array(model.k * d)
  const counts = new Float64Array(model.k)
  let inertia = 0
  for (let i = 0; i < n; i++) {
    const label = model.labels[i] as number
    counts[label] = (counts[label] as number) + 1
    let nearest = Infinity
    for (let c = 0; c < model.k; c++) {
      let dist = 0
      for (let t = 0; t < d; t++) dist += ((data[i * d + t] as number) - (model.centroids[c * d + t] as number)) ** 2
      nearest = Math.min(nearest, dist)
      if (c === label) inertia += dist
    }
    let own = 0
    for (let t = 0; t < d; t++) {
      own += ((data[i * d + t] as number) - (model.centroids[label * d + t] as number)) ** 2
      sums[label * d + t] = (sums[label * d + t] as number) + (data[i * d + t] as number)
    }
    // Every point sits with its nearest centroid.
    expect(own).toBeLessThanOrEqual(nearest + 1e-9)
  }
  for (let c = 0; c < model.k; c++) {
    expect(counts[c]).toBe(model.sizes[c])
    for (let t = 0; t < d; t++) {
      // Every centroid is the mean of its points.
      expect(model.centroids[c * d + t]).toBeCloseTo((sums[c * d + t] as number) / (counts[c] as number), 9)
    }
  }
  expect(model.inertia).toBeCloseTo(inertia, 6)
}

describe('kmeans', () => {
  it('recovers well separated groups', () => {
    const { x, truth } = threeBlobs(3)
    const model = expectOk(kmeans(x, { k: 3, seed: 1 }))
    expect(model.converged).toBe(true)
    expectLloydFixedPoint(x, model)
    expect([...model.sizes].sort((a, b) => b - a)).toEqual([30, 20, 10])
    // Same partition as the truth, up to renaming: each true group maps to exactly one label.
    const mapping = new Map<number, number>()
    truth.forEach((t, i) => {
      const label = model.labels[i] as number
      expect(mapping.get(t) ?? label).toBe(label)
      mapping.set(t, label)
    })
    expect(new Set(mapping.values()).size).toBe(3)
  })

  it('is deterministic given the seed', () => {
    const { x } = threeBlobs(9)
    const a = expectOk(kmeans(x, { k: 4, seed: 5 }))
    const b = expectOk(kmeans(x, { k: 4, seed: 5 }))
    expect([...a.labels]).toEqual([...b.labels])
    expect([...a.centroids]).toEqual([...b.centroids])
    expect([...a.restartInertias]).toEqual([...b.restartInertias])
  })

  it('keeps the restart with the lowest inertia', () => {
    const { x } = threeBlobs(11)
    const model = expectOk(kmeans(x, { k: 5, nInit: 7, seed: 2 }))
    expect(model.restartInertias).toHaveLength(7)
    expect(model.inertia).toBe(Math.min(...model.restartInertias))
  })

  it('k = 1 gives the mean and the total sum of squares', () => {
    const x = matrixFromRows([
      [1, 2],
      [3, 4],
      [5, 9],
    ])
    const model = expectOk(kmeans(x, { k: 1 }))
    expect([...model.centroids]).toEqual([3, 5])
    expect(model.inertia).toBeCloseTo(4 + 0 + 4 + 9 + 1 + 16, 12)
  })

  it('k = n puts every point in its own cluster with zero inertia', () => {
    const x = matrixFromRows([[0], [1], [5], [9]])
    const model = expectOk(kmeans(x, { k: 4 }))
    expect(model.inertia).toBe(0)
    expect([...model.sizes]).toEqual([1, 1, 1, 1])
  })

  it('re-seeds an empty cluster at the farthest point', () => {
    // The centroid at 100 attracts no point in the first assignment: 0 and 2 go to 1, and 10, 11, 12
    // and 20 go to 10.5. The point farthest from its centroid is 20 (squared distance 90.25), so the
    // empty cluster is re-seeded there, and the next assignment is already a fixed point.
    const x = matrixFromRows([[0], [2], [10], [11], [12], [20]])
    const model = expectOk(kmeans(x, { k: 3, initialCentroids: Float64Array.from([1, 100, 10.5]), tolerance: 0 }))
    expect(model.labels[5]).toBe(1)
    expect([...model.centroids]).toEqual([1, 20, 11])
    expect([...model.sizes]).toEqual([2, 1, 3])
    expect(model.iterations).toBe(2)
    expectLloydFixedPoint(x, model)
    expect(model.restartInertias).toHaveLength(1)
    // Best 3-partition of these points: {0, 2}, {10, 11, 12}, {20} with inertia 2 + 2 + 0.
    expect(model.inertia).toBeCloseTo(4, 12)
  })

  it('stops at maxIter and still reports a consistent partition', () => {
    const { x } = threeBlobs(4)
    const model = expectOk(kmeans(x, { k: 3, maxIter: 1, nInit: 1, seed: 3, tolerance: 0 }))
    expect(model.iterations).toBe(1)
    const labels = expectOk(assignToCentroids(x, model.centroids, 3))
    expect([...labels]).toEqual([...model.labels])
  })

  describe('degenerate input is an error naming the problem', () => {
    const cases: { name: string; x: DataMatrix; k: number; tag: string; message: RegExp }[] = [
      { name: 'n < k', x: matrixFromRows([[1], [2]]), k: 3, tag: 'DegenerateData', message: /n < k/ },
      { name: 'd = 0', x: { data: new Float64Array(0), n: 5, d: 0 }, k: 2, tag: 'DegenerateData', message: /d = 0/ },
      { name: 'n = 0', x: { data: new Float64Array(0), n: 0, d: 2 }, k: 2, tag: 'DegenerateData', message: /n = 0/ },
      {
        name: 'NaN cell',
        x: matrixFromRows([
          [1, 2],
          [3, Number.NaN],
          [5, 6],
        ]),
        k: 2,
        tag: 'InvalidInput',
        message: /row 1, column 1\) is NaN/,
      },
      {
        name: 'infinite cell',
        x: matrixFromRows([
          [1, 2],
          [Number.POSITIVE_INFINITY, 0],
        ]),
        k: 1,
        tag: 'InvalidInput',
        message: /row 1, column 0\) is Infinity/,
      },
      {
        name: 'all points identical',
        x: matrixFromRows([
          [4, 4],
          [4, 4],
          [4, 4],
        ]),
        k: 2,
        tag: 'DegenerateData',
        message: /all 3 points are identical/,
      },
      {
        name: 'fewer distinct points than k',
        x: matrixFromRows([[0], [0], [1], [1], [1]]),
        k: 3,
        tag: 'DegenerateData',
        message: /only 2 distinct points, fewer than k = 3/,
      },
      {
        name: 'shape mismatch',
        x: { data: new Float64Array(5), n: 2, d: 2 },
        k: 1,
        tag: 'InvalidInput',
        message: /5 cells but n × d/,
      },
      { name: 'k = 0', x: matrixFromRows([[1], [2]]), k: 0, tag: 'InvalidInput', message: /k must be a positive integer/ },
    ]
    it.each(cases)('$name', ({ x, k, tag, message }) => {
      const result = kmeans(x, { k })
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.tag).toBe(tag)
        expect(result.error.message).toMatch(message)
      }
    })

    it('invalid options', () => {
      const x = matrixFromRows([[1], [2], [3]])
      expect(kmeans(x, { k: 2, nInit: 0 }).ok).toBe(false)
      expect(kmeans(x, { k: 2, maxIter: 0 }).ok).toBe(false)
      expect(kmeans(x, { k: 2, tolerance: -1 }).ok).toBe(false)
      expect(kmeans(x, { k: 2, initialCentroids: Float64Array.from([1]) }).ok).toBe(false)
      expect(kmeans(x, { k: 2, initialCentroids: Float64Array.from([1, Number.NaN]) }).ok).toBe(false)
    })
  })
})

describe('assignToCentroids', () => {
  it('assigns to the nearest centroid, ties to the lower index', () => {
    const x = matrixFromRows([[0], [4], [5], [10]])
    const labels = expectOk(assignToCentroids(x, Float64Array.from([3, 7]), 2))
    expect([...labels]).toEqual([0, 0, 0, 1])
    expect(assignToCentroids(x, Float64Array.from([3]), 2).ok).toBe(false)
  })
})

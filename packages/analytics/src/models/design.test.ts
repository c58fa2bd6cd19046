import { describe, expect, it } from 'vitest'
import { buildDesignMatrix, fitDesignEncoder, prepareFeatures, type FeatureSpec } from './index.js'

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const spec: FeatureSpec = [
  { name: 'age', kind: 'numeric' },
  { name: 'plan', kind: 'categorical' },
]

describe('prepareFeatures', () => {
  it('parses numeric strings and keeps categorical labels as they are', () => {
    const prepared = unwrap(prepareFeatures(spec, { age: ['30', '-1.5', '2e1'], plan: ['basic ', 'pro', 'basic'] }))
    expect(prepared.rowCount).toBe(3)
    const [age, plan] = prepared.columns
    expect(age?.kind === 'numeric' && Array.from(age.values)).toEqual([30, -1.5, 20])
    expect(plan?.kind === 'categorical' && plan.values).toEqual(['basic ', 'pro', 'basic'])
  })

  it('names the column, row and value of a non-numeric cell', () => {
    const result = prepareFeatures(spec, { age: ['30', 'n/a', '40'], plan: ['a', 'b', 'c'] })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.tag).toBe('InvalidInput')
      expect(result.error.message).toBe(`column 'age', row 1: "n/a" is not a finite number`)
      expect(result.error.details).toMatchObject({ column: 'age', row: 1 })
    }
    expect(prepareFeatures(spec, { age: ['30', '', '40'], plan: ['a', 'b', 'c'] }).ok).toBe(false)
    expect(prepareFeatures(spec, { age: new Float64Array([1, Number.NaN, 2]), plan: ['a', 'b', 'c'] }).ok).toBe(false)
    expect(prepareFeatures(spec, { age: [1, Infinity, 2], plan: ['a', 'b', 'c'] }).ok).toBe(false)
  })

  it('rejects no rows, missing or ragged columns, repeated names and numbers as categories', () => {
    const empty = prepareFeatures(spec, { age: [], plan: [] })
    expect(empty.ok).toBe(false)
    if (!empty.ok) expect(empty.error).toMatchObject({ tag: 'DegenerateData', message: 'the data has no rows' })
    expect(prepareFeatures(spec, { age: [1] }).ok).toBe(false)
    expect(prepareFeatures(spec, { age: [1, 2], plan: ['a'] }).ok).toBe(false)
    expect(prepareFeatures([...spec, { name: 'age', kind: 'numeric' }], { age: [1], plan: ['a'] }).ok).toBe(false)
    expect(prepareFeatures(spec, { age: [1], plan: new Float64Array([1]) }).ok).toBe(false)
    expect(prepareFeatures([], {}).ok).toBe(false)
  })
})

describe('design encoder', () => {
  const prepared = unwrap(
    prepareFeatures(spec, {
      age: new Float64Array([20, 30, 40, 50, 1000]),
      plan: ['pro', 'basic', 'team', 'pro', 'enterprise'],
    }),
  )

  it('standardises with training statistics only and drops the reference level', () => {
    const training = Int32Array.from([0, 1, 2, 3])
    const encoder = unwrap(fitDesignEncoder(prepared, training))
    const age = encoder.features[0]
    expect(age?.kind === 'numeric' && [age.mean, age.sd]).toEqual([35, Math.sqrt(500 / 3)])
    // Levels from the training rows only; 'basic' is first in code unit order, so it is the reference.
    expect(encoder.columnNames).toEqual(['age', 'plan=pro', 'plan=team'])
    const design = unwrap(buildDesignMatrix(encoder, prepared))
    const sd = Math.sqrt(500 / 3)
    expect(Array.from(design.data)).toEqual([
      ...[-15 / sd, 1, 0],
      ...[-5 / sd, 0, 0],
      ...[5 / sd, 0, 1],
      ...[15 / sd, 1, 0],
      // 'enterprise' was not seen in training: all dummies zero, scored as the reference level.
      ...[965 / sd, 0, 0],
    ])
  })

  it('honours an explicit reference level and rejects one absent from training', () => {
    const withReference = unwrap(
      prepareFeatures(
        [
          { name: 'age', kind: 'numeric' },
          { name: 'plan', kind: 'categorical', reference: 'pro' },
        ],
        { age: [1, 2, 3], plan: ['pro', 'basic', 'pro'] },
      ),
    )
    expect(unwrap(fitDesignEncoder(withReference)).columnNames).toEqual(['age', 'plan=basic'])
    const absent = fitDesignEncoder(withReference, Int32Array.from([1]))
    expect(absent.ok).toBe(false)
    if (!absent.ok) expect(absent.error.message).toMatch(/reference level 'pro'/)
  })

  it('leaves out numeric columns that are constant in training', () => {
    const constant = unwrap(prepareFeatures(spec, { age: [7, 7, 7, 9], plan: ['a', 'b', 'a', 'b'] }))
    const encoder = unwrap(fitDesignEncoder(constant, Int32Array.from([0, 1, 2])))
    expect(encoder.columnNames).toEqual(['plan=b'])
    expect(encoder.constantColumns).toEqual(['age'])
    expect(unwrap(buildDesignMatrix(encoder, constant)).cols).toBe(1)
  })

  it('rejects data whose columns do not match the encoder', () => {
    const encoder = unwrap(fitDesignEncoder(prepared))
    const other = unwrap(prepareFeatures([{ name: 'age', kind: 'numeric' }], { age: [1] }))
    expect(buildDesignMatrix(encoder, other).ok).toBe(false)
    expect(fitDesignEncoder(prepared, new Int32Array(0)).ok).toBe(false)
  })
})

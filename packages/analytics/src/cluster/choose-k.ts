import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { kmeans, type KMeansOptions, type KMeansResult } from './kmeans.js'
import { checkMatrix, type DataMatrix } from './matrix.js'
import { silhouetteScore } from './silhouette.js'

/** Options of {@link chooseK}: the k range, plus the k-means options used for every k. */
export interface ChooseKOptions extends Omit<KMeansOptions, 'k'> {
  /** Smallest k tried, ≥ 2 (the silhouette is undefined for one cluster). Default 2. */
  readonly kMin?: number
  /** Largest k tried. Default 10. Lowered to n − 1 when the data has fewer rows. */
  readonly kMax?: number
  /**
   * Passed to {@link silhouetteScore} as `sampleSize` (seeded with `seed`). Default: exact. The exact
   * silhouette is quadratic in n and computed once per k, so set this (e.g. 5,000) for large data.
   */
  readonly silhouetteSampleSize?: number
}

/** Quality figures of one candidate k. */
export interface KCandidate {
  readonly k: number
  /** Within-cluster sum of squares; plot it against k for the elbow method. */
  readonly inertia: number
  /** Mean silhouette of the k-means solution for this k. */
  readonly silhouette: number
}

/** Result of {@link chooseK}. */
export interface ChooseKResult {
  /** One entry per k tried, in increasing k. */
  readonly candidates: readonly KCandidate[]
  /** The k with the highest silhouette (the smallest such k on an exact tie). */
  readonly bestK: number
  /** The k-means model for `bestK`. */
  readonly best: KMeansResult
}

/**
 * Fits k-means for every k in [kMin, kMax] (each fit with the same options and seed) and reports the
 * inertia and silhouette per k, choosing the k with the best silhouette. Inertia always falls as k
 * grows, so it is returned for an elbow plot, not used for the choice.
 *
 * Errors: the k-means and silhouette errors (e.g. fewer distinct points than some k), an invalid range,
 * or fewer than 3 rows (no k ≥ 2 has a defined silhouette).
 */
export function chooseK(x: DataMatrix, options: ChooseKOptions = {}): Result<ChooseKResult, ModelError> {
  const problem = checkMatrix(x)
  if (problem !== undefined) return err(problem)
  const kMin = options.kMin ?? 2
  const requestedMax = options.kMax ?? 10
  if (!Number.isInteger(kMin) || kMin < 2 || !Number.isInteger(requestedMax) || requestedMax < kMin) {
    return err(
      modelError('InvalidInput', `need integers 2 ≤ kMin ≤ kMax, got kMin = ${kMin}, kMax = ${requestedMax}`, {
        kMin,
        kMax: requestedMax,
      }),
    )
  }
  // The silhouette needs at most n − 1 clusters; shrink the default range rather than fail on small data.
  const kMax = Math.min(requestedMax, x.n - 1)
  if (kMax < kMin) {
    return err(
      modelError('DegenerateData', `${x.n} rows are too few to try k = ${kMin}..${requestedMax}`, {
        n: x.n,
        kMin,
        kMax: requestedMax,
      }),
    )
  }

  const { silhouetteSampleSize } = options
  const kmeansOptions: Omit<KMeansOptions, 'k'> = {
    nInit: options.nInit,
    maxIter: options.maxIter,
    tolerance: options.tolerance,
    seed: options.seed,
  }
  const candidates: KCandidate[] = []
  let best: KMeansResult | undefined
  let bestSilhouette = -Infinity
  for (let k = kMin; k <= kMax; k++) {
    const model = kmeans(x, { ...kmeansOptions, k })
    if (!model.ok) return model
    const silhouette = silhouetteScore(
      x,
      model.value.labels,
      silhouetteSampleSize === undefined ? {} : { sampleSize: silhouetteSampleSize, seed: options.seed ?? 0 },
    )
    if (!silhouette.ok) return silhouette
    candidates.push({ k, inertia: model.value.inertia, silhouette: silhouette.value.score })
    if (silhouette.value.score > bestSilhouette) {
      bestSilhouette = silhouette.value.score
      best = model.value
    }
  }
  if (best === undefined) throw new Error('unreachable: at least one k was tried')
  return ok({ candidates, bestK: best.k, best })
}

/**
 * Saving clusters as segments: cluster c becomes the behavioural segment with the rule
 * `{"score": "cluster", "op": "eq", "value": c}`. The rule reads the stored `scores.cluster`, so the
 * segment follows the latest clustering run: running the clustering again renumbers the clusters
 * (they are numbered by size), which the segment's description says.
 */
import { err, ok, portraitError, type ClusterResult, type PortraitError, type Result } from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { createSegment } from '../segments/index.js'

export interface SavedClusterSegment {
  readonly cluster: number
  readonly id: string
  readonly name: string
  /** Members now, as the segment computed them. */
  readonly size: number
}

/** The rule of cluster `cluster`'s segment. */
export const clusterSegmentRule = (cluster: number) => ({ score: 'cluster', op: 'eq', value: cluster }) as const

/** Creates one segment per cluster of a database clustering run (the latest one, whose scores are stored). */
export async function saveClustersAsSegments(p: Portrait, run: ClusterResult): Promise<Result<SavedClusterSegment[], PortraitError>> {
  if (run.source !== 'database') {
    return err(
      portraitError('InvalidInput', 'only a clustering of the customers in the database can be saved as segments, not one of a file'),
    )
  }
  const when = `${run.computedAt.slice(0, 10)} ${run.computedAt.slice(11, 19)} UTC`
  const saved: SavedClusterSegment[] = []
  for (const profile of run.profiles) {
    const name = `Cluster ${profile.cluster} of ${run.k} · ${when}`
    const description =
      `k-means cluster ${profile.cluster} of ${run.k} on ${run.features.join(', ')} (scale ${run.scale}, seed ${run.seed}): ` +
      `${profile.size} customers (${(profile.share * 100).toFixed(1)}%) when it was saved. ` +
      'The rule reads the latest clustering: running the clustering again renumbers the clusters.'
    const created = await createSegment(p, { name, description, basis: 'behavioral', rule: clusterSegmentRule(profile.cluster) })
    if (!created.ok) {
      const done = saved.length ? ` (segments for clusters ${saved.map((s) => s.cluster).join(', ')} were saved)` : ''
      return err(portraitError(created.error.tag, `cluster ${profile.cluster}: ${created.error.message}${done}`, created.error.details))
    }
    saved.push({ cluster: profile.cluster, id: created.value.id, name: created.value.name, size: created.value.size })
  }
  return ok(saved)
}

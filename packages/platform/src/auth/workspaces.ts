import { randomBytes } from 'node:crypto'
import { err, ok, portraitError, type PortraitError, type Result, type WorkspaceInfo } from '@portrait/core'
import type { Store } from '@portrait/store'
import { slugOf } from '../util/slug.js'

const toInfo = (w: { workspace_id: string; name: string }): WorkspaceInfo => ({ id: w.workspace_id, name: w.name })

export async function listWorkspaces(store: Store): Promise<WorkspaceInfo[]> {
  return (await store.auth.listWorkspaces()).map(toInfo)
}

/** An id from the name when it is plain ASCII (`East China` → `east-china`), else a random one. */
export function workspaceIdFor(name: string): string {
  const slug = slugOf(name)
  return slug && slug.length >= 2 ? slug : `ws-${randomBytes(4).toString('hex')}`
}

/** A new workspace (tenant): its own customers, segments, models, users and keys. */
export async function createWorkspace(
  store: Store,
  name: string,
  id?: string,
  actor = 'cli',
): Promise<Result<WorkspaceInfo, PortraitError>> {
  const clean = name.trim()
  if (!clean || clean.length > 100 || /[\p{Cc}]/u.test(clean))
    return err(portraitError('InvalidInput', 'name: 1 to 100 printable characters'))
  const workspaceId = id ?? workspaceIdFor(clean)
  if (!/^[a-z0-9][a-z0-9_-]{1,62}$/.test(workspaceId))
    return err(portraitError('InvalidInput', `id: '${workspaceId}' must be 2–63 lower-case letters, digits, - or _`))
  if (!(await store.auth.createWorkspace(workspaceId, clean)))
    return err(portraitError('Conflict', `a workspace with the id '${workspaceId}' or the name '${clean}' exists already`))
  await store.audit.record(workspaceId, { actor, action: 'workspace.create', target: workspaceId, details: { name: clean } })
  return ok({ id: workspaceId, name: clean })
}

/** A workspace by id or by name. */
export async function findWorkspace(store: Store, idOrName: string): Promise<WorkspaceInfo | null> {
  const all = await store.auth.listWorkspaces()
  const w = all.find((x) => x.workspace_id === idOrName) ?? all.find((x) => x.name === idOrName)
  return w ? toInfo(w) : null
}

/**
 * A key-value store over `Storage` that never throws: reads and writes also go to memory, so a store
 * that is missing, full (quota) or disabled (Safari private mode, sandboxed frames) still works for
 * the life of the page.
 */
export interface SafeStore {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

function defaultStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined // reading window.localStorage throws when storage is blocked
  }
}

export function safeStore(storage: Storage | undefined = defaultStorage()): SafeStore {
  const memory = new Map<string, string>()
  return {
    get(key) {
      try {
        const value = storage?.getItem(key)
        if (value !== undefined && value !== null) return value
      } catch {
        // fall back to memory
      }
      return memory.get(key) ?? null
    },
    set(key, value) {
      memory.set(key, value)
      try {
        storage?.setItem(key, value)
      } catch {
        // Quota exceeded or storage disabled: memory keeps the value for this page. Drop the stored
        // value so that a stale one is not read back after a reload.
        try {
          storage?.removeItem(key)
        } catch {
          // ignore
        }
      }
    },
    remove(key) {
      memory.delete(key)
      try {
        storage?.removeItem(key)
      } catch {
        // ignore
      }
    },
  }
}

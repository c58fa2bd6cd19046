import { randomBytes } from 'node:crypto'
import type { MasterKey } from './crypto/vault.js'

/** A fresh random master key for a test database (the store cannot be opened without one). */
export const testMasterKey = (): MasterKey => ({ key: randomBytes(32), origin: 'a test key' })

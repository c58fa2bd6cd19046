export { encryptionStatus, rotateEncryptionKeys, type RotateOptions, type RotationReport } from './encryption.js'
export { MASTER_KEY_ENV, NEW_MASTER_KEY_ENV, KEY_FILE_NAME, keyFilePath } from './master-key.js'

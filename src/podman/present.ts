/**
 * Whether the store has an image: asked by the no-op check of every sync, so
 * this module stays small (no schemas, no unpacking code).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { digestHex } from '../repo/layout.ts';
import { imageStoreDir } from './layout.ts';

export function storeHasImage(root: string, configDigest: string): boolean {
  try {
    return existsSync(join(root, imageStoreDir(digestHex(configDigest)), 'manifest'));
  } catch {
    return false;
  }
}

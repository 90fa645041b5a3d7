/**
 * The podman additional image store (`podmanStore/`): a read-only
 * containers/storage store with the overlay driver, whose layers are the
 * repository's unpacked layers (never copied). Paths relative to the
 * repository root:
 *
 *   podmanStore/                               .cvmfscatalog
 *   ├── overlay/                               .cvmfscatalog
 *   │   ├── <layer id>/
 *   │   │   ├── diff  -> ../../../.layers/<xx>/<hex>/layerfs   (relative symlink)
 *   │   │   ├── link                           the layer's short id (26 chars)
 *   │   │   └── lower                          l/<parent short>:l/<grandparent short>:… (not for a bottom layer)
 *   │   └── l/<short id> -> ../<layer id>/diff
 *   ├── overlay-layers/                        .cvmfscatalog
 *   │   ├── layers.json                        one entry per layer (id, parent, digests, sizes)
 *   │   └── layers.lock                        empty; podman takes read locks on it
 *   └── overlay-images/                        .cvmfscatalog
 *       ├── images.json                        one entry per image (id, names, top layer, big-data keys)
 *       ├── images.lock
 *       └── <image id>/                        image id = config digest hex
 *           ├── manifest                       the registry's manifest bytes
 *           ├── =<base64("manifest-sha256:…")> the same, under its digest key
 *           └── =<base64("sha256:<config>")>   the config blob
 *
 * A layer id is the OCI chain ID of the layer's position in its image
 * (sha256 over the parent's chain ID and the diff ID; a bottom layer's is its
 * diff ID, as DUCC names it), so two images sharing a base share entries and
 * an entry's parent never depends on which image came first.
 */
import { createHash } from 'node:crypto';
import { digestHex, layerfsDir } from '../repo/layout.ts';

export const STORE_DIR = 'podmanStore';
export const OVERLAY_DIR = `${STORE_DIR}/overlay`;
export const LINK_DIR = `${OVERLAY_DIR}/l`;
export const LAYERS_META_DIR = `${STORE_DIR}/overlay-layers`;
export const IMAGES_META_DIR = `${STORE_DIR}/overlay-images`;
export const LAYERS_JSON = `${LAYERS_META_DIR}/layers.json`;
export const IMAGES_JSON = `${IMAGES_META_DIR}/images.json`;
export const LOCK_FILES = [`${LAYERS_META_DIR}/layers.lock`, `${IMAGES_META_DIR}/images.lock`] as const;
export const STORE_CATALOG_DIRS = [STORE_DIR, OVERLAY_DIR, LAYERS_META_DIR, IMAGES_META_DIR] as const;

/** Chain IDs (hex) of a list of diff IDs (`sha256:…`), bottom first. */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    digestHex(d); // refuses anything that is not a sha256 digest
    const prev = out.at(-1);
    out.push(prev === undefined ? digestHex(d) : createHash('sha256').update(`sha256:${prev} ${d}`).digest('hex'));
  }
  return out;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The short name under `overlay/l/` (containers/storage makes 26 random
 * base32 characters; ours derive from the layer id, so a re-run writes the same).
 */
export function shortId(layerId: string): string {
  const bytes = createHash('sha256').update(`podman-link ${layerId}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** containers/storage's file name for a big-data key: the key if it is only [0-9a-z.], else "=" + base64(key). */
export function bigDataFileName(key: string): string {
  return /^[0-9a-z.]*$/.test(key) ? key : `=${Buffer.from(key, 'utf8').toString('base64')}`;
}

export const layerStoreDir = (layerId: string) => `${OVERLAY_DIR}/${layerId}`;
export const imageStoreDir = (imageId: string) => `${IMAGES_META_DIR}/${imageId}`;

/** Target of `overlay/<id>/diff`: the layer's layerfs, relative to that symlink's directory. */
export function diffTarget(compressedDigest: string): string {
  return `../../../${layerfsDir(compressedDigest)}`;
}

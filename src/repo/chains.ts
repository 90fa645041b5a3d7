/** DUCC's chain IDs: the name of a layer-list prefix's tree under `.chains/` (layout.ts). */
import { createHash } from 'node:crypto';

/**
 * DUCC's chain IDs (ducc docker-api/util.go GetChainIDs): from the compressed
 * layer digests, `sha256("<digest 1>")`, then `sha256("<previous chain ID> <digest i>")`.
 * (Not the OCI ChainID, which is made of diff IDs: DUCC's are, and they are what
 * a repository shared with DUCC holds.)
 */
export function chainIds(layerDigests: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of layerDigests) {
    const text = out.length === 0 ? d : `${out[out.length - 1]} ${d}`;
    out.push(`sha256:${createHash('sha256').update(text).digest('hex')}`);
  }
  return out;
}

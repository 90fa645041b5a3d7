/**
 * What garbage collection removes, decided from an inventory of the
 * repository (pure; table-tested). The rules, in order:
 *
 *   1. with --prune, links of images the recipe no longer names are removed;
 *   2. metadata whose link is gone is removed;
 *   3. a flat tree no remaining link points to is removed;
 *   4. a layer no remaining manifest lists is removed;
 *   5. a chain (`.chains/`, ours or DUCC's) that is no prefix of a remaining
 *      manifest's layer list is removed;
 *
 * and nothing changed within the grace period is touched (an image being
 * published right now is never half-collected). If a link has no readable
 * manifest, its layers are unknown and no layer or chain is removed at all.
 */
export interface InventoryLink {
  /** `<registry>/<repository>:<tag>` or `.multiarch/<arch>/<registry>/…`. */
  linkPath: string;
  configDigest: string;
}

import { chainIds } from '../repo/chains.ts';

export interface InventoryMetadata {
  linkPath: string;
  /** Undefined when manifest.json is missing or unreadable. */
  configDigest?: string;
  layerDigests?: string[];
  mtimeMs: number;
}

export interface InventoryDir {
  digest: string;
  mtimeMs: number;
}

export interface Inventory {
  links: InventoryLink[];
  metadata: InventoryMetadata[];
  flats: InventoryDir[];
  layers: InventoryDir[];
  /** `.chains/<xx>/<hex>` (digest = the chain ID); absent: none. */
  chains?: InventoryDir[];
}

export interface GcPlan {
  links: string[];
  metadata: string[];
  flats: string[];
  layers: string[];
  /** Chain IDs whose `.chains/` trees go. */
  chains: string[];
  /** Why some things were kept although unreferenced. */
  notes: string[];
}

export interface GcOptions {
  now: number;
  graceMs: number;
  /** With --prune: whether a published name is still wanted. */
  wanted?: (linkPath: string) => boolean;
}

export function planGc(inv: Inventory, opts: GcOptions): GcPlan {
  const old = (mtimeMs: number) => opts.now - mtimeMs >= opts.graceMs;
  const notes: string[] = [];

  const removedLinks = opts.wanted ? inv.links.filter((l) => !opts.wanted!(l.linkPath)).map((l) => l.linkPath) : [];
  const gone = new Set(removedLinks);
  const links = inv.links.filter((l) => !gone.has(l.linkPath));
  const linked = new Set(links.map((l) => l.linkPath));

  const metadata = inv.metadata.filter((m) => !linked.has(m.linkPath) && (gone.has(m.linkPath) || old(m.mtimeMs))).map((m) => m.linkPath);
  const keptMeta = inv.metadata.filter((m) => linked.has(m.linkPath));

  const liveFlats = new Set(links.map((l) => l.configDigest));
  const flats = inv.flats.filter((f) => !liveFlats.has(f.digest) && old(f.mtimeMs)).map((f) => f.digest);

  const metaByLink = new Map(keptMeta.map((m) => [m.linkPath, m]));
  const unknown = links.filter((l) => metaByLink.get(l.linkPath)?.layerDigests === undefined);
  let layers: string[] = [];
  let chains: string[] = [];
  if (unknown.length > 0) {
    notes.push(`no layer or chain is removed: the layers of ${unknown.length} published image(s) are unknown (no readable manifest.json), e.g. ${unknown[0]!.linkPath}`);
  } else {
    const liveLayers = new Set(keptMeta.flatMap((m) => m.layerDigests ?? []));
    layers = inv.layers.filter((l) => !liveLayers.has(l.digest) && old(l.mtimeMs)).map((l) => l.digest);
    // Every prefix of a kept image is live: DUCC builds each, ours clone from them.
    const liveChains = new Set(keptMeta.flatMap((m) => chainIds(m.layerDigests ?? [])));
    chains = (inv.chains ?? []).filter((c) => !liveChains.has(c.digest) && old(c.mtimeMs)).map((c) => c.digest);
  }
  const recent = inv.flats.filter((f) => !liveFlats.has(f.digest) && !old(f.mtimeMs)).length;
  if (recent) notes.push(`${recent} unreferenced flat tree(s) kept: changed within the grace period`);
  return { links: removedLinks.sort(), metadata: metadata.sort(), flats: flats.sort(), layers: layers.sort(), chains: chains.sort(), notes };
}

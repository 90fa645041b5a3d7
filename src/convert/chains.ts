/**
 * Which trees a flat tree is built from where the target clones published
 * trees cheaply (CVMFS `transaction -T`), so that an update costs what
 * changed (issue 11, docs/cvmfs.md "Chains"). Pure; table-tested.
 *
 * A chain is the flattened tree of a prefix of the layer list, kept at
 * `.chains/<xx>/<chain ID>` with DUCC's chain IDs, so that DUCC's chains and
 * ours are one set. The flat tree starts as a clone of the longest published
 * prefix (a chain, or the bottom layer's own dir when it has no whiteouts)
 * and gets only the remaining layers and the Apptainer files. For an image of
 * n ≥ 3 layers, the chain of its first n-1 layers is kept too (one more
 * publish on a cold sync): the common update, a new top layer over the same
 * lower layers, then clones it and writes only the new layer.
 */
import { chainDir, chainIds } from '../repo/index.ts';

export { chainIds };

/** One tree built in one transaction (one `-T` per transaction). */
export interface TreeStep {
  /** Where the tree goes (relative to the root): a chain dir or the flat dir. */
  dst: string;
  /** The published tree it starts as a clone of; undefined: built from nothing. */
  src?: string;
  /** Indices of the layers applied on top of the clone (or onto nothing), in order. */
  layers: number[];
  /** The image's flat tree: the Apptainer files go in, then metadata and links. */
  flat: boolean;
}

export interface TreePlanInput {
  /** Compressed digests of the image's layers, bottom first (all distributable). */
  layers: readonly string[];
  /** The flat dir (relative). */
  flat: string;
  /** `.layers/<xx>/<hex>/layerfs` of the bottom layer, when it is its own flat tree (no whiteouts). */
  bottomClone?: string;
  /** Whether a tree (relative path) is published. */
  exists: (rel: string) => boolean;
  /** Keep the chain of all layers but the top one (default true). */
  keepChain?: boolean;
}

/** The steps that build `flat` (empty when it exists). */
export function planTrees(input: TreePlanInput): TreeStep[] {
  const { layers, flat } = input;
  const n = layers.length;
  if (n === 0 || input.exists(flat)) return [];
  const ids = chainIds(layers);
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

  /** The longest published prefix of at most k layers: [its length, its tree]. */
  const best = (k: number): [number, string | undefined] => {
    for (let j = k; j >= 1; j--) {
      if (input.exists(chainDir(ids[j - 1]!))) return [j, chainDir(ids[j - 1]!)];
      if (j === 1 && input.bottomClone) return [1, input.bottomClone];
    }
    return [0, undefined];
  };

  const steps: TreeStep[] = [];
  let [have, src] = best(n);
  if (have < n - 1 && n >= 3 && (input.keepChain ?? true)) {
    const chain = chainDir(ids[n - 2]!);
    steps.push({ dst: chain, ...(src ? { src } : {}), layers: range(have, n - 1), flat: false });
    [have, src] = [n - 1, chain];
  }
  steps.push({ dst: flat, ...(src ? { src } : {}), layers: range(have, n), flat: true });
  return steps;
}

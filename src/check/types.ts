/**
 * What `cvmfs-unpack check` finds in a recipe: findings located in the file,
 * and for each input what the registry said. The formatters (text, GitHub,
 * GitLab, JSON) only render a CheckReport.
 */

export type Severity = 'error' | 'warning';

/** One thing wrong (or doubtful) with the recipe, at a line of it. */
export interface Finding {
  severity: Severity;
  /** A short name of the rule, e.g. 'tag-missing'; the code-quality report's check_name. */
  check: string;
  message: string;
  line?: number;
  column?: number;
  /** The input as written in the recipe, when the finding is about one. */
  input?: string;
}

export interface ProbedImage {
  platform: string;
  manifestDigest: string;
  layers: number;
  /** Sum of the compressed layer sizes in the manifest. */
  compressedSize: number;
}

export type PublishedState = 'up-to-date' | 'would-update' | 'would-add' | 'published' | 'not-published';

export interface InputReport {
  source: string;
  /** Normalised: 'registry/repository:tag'. */
  ref: string;
  line: number;
  platforms: string[];
  /** With --against: how the input differs from the base recipe. */
  change?: 'added' | 'changed' | 'unchanged';
  /** Whether the registry was asked about it. */
  probed: boolean;
  /** Set when the registry answered for every platform. */
  ok?: boolean;
  /** A wildcard: how many tags match, the newest few (the newest is the one probed). */
  tags?: { matched: number; total: number; newest: string[] };
  /** Digest the tag points at (index or manifest). */
  topDigest?: string;
  images?: ProbedImage[];
  /** With --target: whether it is published and what a sync would do. */
  published?: { state: PublishedState; digest?: string; tags?: { published: number; matched?: number } };
}

export interface CheckReport {
  file: string;
  /** The base recipe compared against (--against), if any. */
  against?: string;
  /** The target looked at (--target), if any. */
  target?: string;
  offline: boolean;
  inputs: InputReport[];
  findings: Finding[];
  /** Inputs of the base recipe that are gone: `gc --prune` unpublishes them. */
  removed: { source: string; ref: string; line: number }[];
  /** With --target: published names no input covers any more (what `gc --prune` would remove). */
  prune?: string[];
  errors: number;
  warnings: number;
}

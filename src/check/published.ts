/**
 * `--target T`: which inputs are already published there, what a sync would
 * change (a moved tag is re-pointed, a new one added), and which published
 * names no input covers any more (`gc --prune` would unpublish them).
 */
import { isWildcard, matchGlob, publicLinkPath } from '../reference/index.ts';
import type { RecipeInput } from '../recipe/index.ts';
import { MULTIARCH_DIR, listSyncRecords, type SyncRecord } from '../repo/index.ts';
import type { InputReport } from './types.ts';

export interface PublishedIndex {
  /** linkPath ('registry/repo:tag') → its sync record. */
  records: Map<string, SyncRecord>;
}

export function readPublished(root: string): PublishedIndex {
  const records = new Map<string, SyncRecord>();
  for (const { linkPath, record } of listSyncRecords(root)) {
    if (!linkPath.startsWith(`${MULTIARCH_DIR}/`)) records.set(linkPath, record);
  }
  return { records };
}

/** The link path pattern of an input: 'registry/repo:tag', or with the wildcard tag. */
function linkPattern(input: RecipeInput): string {
  if (isWildcard(input.ref)) return `${input.ref.registry}/${input.ref.repository}:${input.ref.tag}`;
  return publicLinkPath(input.ref);
}

/** What a sync would do with this input, as far as the probe (if any) knows. */
export function publishedState(index: PublishedIndex, input: RecipeInput, report: InputReport): NonNullable<InputReport['published']> {
  if (isWildcard(input.ref)) {
    const pattern = linkPattern(input);
    const published = [...index.records.keys()].filter((k) => matchGlob(pattern, k)).length;
    return {
      state: published > 0 ? 'published' : 'not-published',
      tags: { published, ...(report.tags ? { matched: report.tags.matched } : {}) },
    };
  }
  const record = index.records.get(linkPattern(input));
  if (record === undefined) return { state: report.probed && report.ok ? 'would-add' : 'not-published' };
  if (!report.probed || report.topDigest === undefined) return { state: 'published', digest: record.topDigest };
  return { state: record.topDigest === report.topDigest ? 'up-to-date' : 'would-update', digest: record.topDigest };
}

/** Published names that no input of the recipe names or matches. */
export function unlisted(index: PublishedIndex, inputs: readonly RecipeInput[]): string[] {
  const patterns = inputs.map(linkPattern);
  const exact = new Set(patterns);
  return [...index.records.keys()].filter((k) => !exact.has(k) && !patterns.some((p) => p.includes('*') && matchGlob(p, k))).sort();
}

/**
 * Which images to publish, from what a CI step knows: the pushed image (one
 * reference, or a list such as docker/metadata-action's `tags` output) and a
 * few extra tags. Pure: no network.
 *
 *   ghcr.io/org/app:1.2.3            one request per repository (and digest):
 *   ghcr.io/org/app:latest     ==>    ghcr.io/org/app:1.2.3 + extra tags [latest, 1.2]
 *   ghcr.io/org/app:1.2              docker.io/org/app:1.2.3 + extra tags [latest, 1.2]
 *   docker.io/org/app:1.2.3 ...
 *
 * References are parsed with the project's reference grammar, so registry
 * ports (`host:5005/group/app:tag`) and digests (`app@sha256:…`) keep their
 * meaning; splitting on ':' (what the original template did) broke both.
 */
import { formatImageRef, parseImageRef, withTag, type ImageRef } from '../reference/index.ts';

export interface ResolvedRequest {
  /** The first reference of its repository, as sent to the agent: 'registry/repo:tag[@digest]'. */
  image: string;
  ref: ImageRef;
  /** The other tags to publish from the same manifest, without the first one; no duplicates. */
  extraTags: string[];
}

export interface ResolveOptions {
  /**
   * The manifest digest just pushed ('sha256:…'). When given, every tag is
   * pinned to it, so a tag moved after the push does not change what is published.
   */
  digest?: string;
}

/** Thrown for input that names no image or a tag that is not valid; the message says which. */
export class ResolveError extends Error {
  override readonly name = 'ResolveError';
}

/** Splits a list given as lines, commas or spaces (CI inputs use all three); drops empty entries. */
export function splitList(text: string | readonly string[]): string[] {
  const parts = typeof text === 'string' ? [text] : text;
  return parts.flatMap((p) => p.split(/[\s,]+/)).filter((p) => p !== '');
}

export function resolveImages(image: string | readonly string[], extraTags: readonly string[] = [], opts: ResolveOptions = {}): ResolvedRequest[] {
  const entries = splitList(image);
  if (entries.length === 0) throw new ResolveError('resolving the images to publish: no image given');
  const extra = splitList(extraTags);

  const groups = new Map<string, { ref: ImageRef; tags: string[] }>();
  for (const entry of entries) {
    let ref: ImageRef;
    try {
      ref = parseImageRef(entry);
    } catch (err) {
      throw new ResolveError(`resolving the images to publish: ${(err as Error).message}`, { cause: err });
    }
    if (opts.digest !== undefined) ref = pin(ref, opts.digest);
    // One request per repository and manifest: tags of the same push go together.
    const key = formatImageRef({ ...ref, tag: undefined });
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { ref, tags: ref.tag !== undefined ? [ref.tag] : [] });
    else if (ref.tag !== undefined) group.tags.push(ref.tag);
  }

  return [...groups.values()].map(({ ref, tags }) => {
    const all = unique([...tags, ...extra]);
    for (const tag of extra) checkTag(ref, tag);
    // The reference always has a tag or a digest (parseImageRef defaults the tag).
    return { image: formatImageRef(ref), ref, extraTags: all.filter((t) => t !== ref.tag) };
  });
}

function pin(ref: ImageRef, digest: string): ImageRef {
  if (ref.digest !== undefined && ref.digest !== digest) {
    throw new ResolveError(`resolving the images to publish: ${formatImageRef(ref)} names another digest than the pushed one (${digest})`);
  }
  try {
    // Parsing a pinned reference validates the digest with the reference grammar.
    return parseImageRef(`${formatImageRef({ ...ref, digest: undefined })}@${digest}`);
  } catch (err) {
    throw new ResolveError(`resolving the images to publish: pinning to the pushed digest: ${(err as Error).message}`, { cause: err });
  }
}

function checkTag(ref: ImageRef, tag: string): void {
  try {
    withTag(ref, tag);
  } catch (err) {
    throw new ResolveError(`resolving the images to publish: extra tag ${JSON.stringify(tag)}: ${(err as Error).message}`, { cause: err });
  }
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

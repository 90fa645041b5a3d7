/** How references appear in messages: 'host/repo:tag', 'host/repo@sha256:…'. */
import type { ImageRef } from '../reference/index.ts';

export function isDigest(reference: string): boolean {
  return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference) && reference.includes(':');
}

/** 'host/repo:tag' or 'host/repo@digest' for `reference` (default: the ref's digest, else tag). */
export function describeRef(ref: ImageRef, reference?: string): string {
  const r = reference ?? ref.digest ?? ref.tag ?? 'latest';
  return `${ref.registry}/${ref.repository}${isDigest(r) ? '@' : ':'}${r}`;
}

/** 'sha256:0123456789ab' for messages. */
export function shortDigest(digest: string): string {
  const [algo, hex] = digest.split(':');
  return hex ? `${algo}:${hex.slice(0, 12)}` : digest;
}

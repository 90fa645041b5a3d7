/**
 * DUCC's `output_format`: the name of the thin image DUCC would push for an
 * input, written with placeholders. Their meaning follows DUCC, for an input
 * `https://gitlab.example.org:5005/group/app:1.0`:
 *
 * | placeholder     | value                                   | example                  |
 * |-----------------|-----------------------------------------|--------------------------|
 * | `$(scheme)`     | URL scheme of the input                 | `https`                  |
 * | `$(registry)`   | registry host[:port]                    | `gitlab.example.org:5005`|
 * | `$(repository)` | repository path                         | `group/app`              |
 * | `$(tag)`        | the tag, empty when there is none       | `1.0`                    |
 * | `$(digest)`     | the digest, empty when there is none    | ``                       |
 * | `$(reference)`  | `:tag`, `@digest` or `:tag@digest`      | `:1.0`                   |
 * | `$(image)`      | repository followed by the reference    | `group/app:1.0`          |
 *
 * DUCC takes `$(digest)`, `$(reference)` and `$(image)` from the input as
 * written; so do we, except that `$(digest)` falls back to the resolved
 * manifest digest when the input has none and one is given. DUCC replaces at
 * most five occurrences of each placeholder; we replace all of them. Unknown
 * placeholders are left as written (the recipe parser refuses them).
 */
import type { ImageRef } from '../reference/index.ts';

export const OUTPUT_PLACEHOLDERS = ['scheme', 'registry', 'repository', 'tag', 'digest', 'reference', 'image'] as const;
export type OutputPlaceholder = (typeof OUTPUT_PLACEHOLDERS)[number];

/** DUCC's default output format, used when a recipe sets none. */
export const DEFAULT_OUTPUT_FORMAT = '$(scheme)://$(registry)/$(repository)_thin:$(tag)';

const PLACEHOLDER = /\$\(([^()]*)\)/g;

/** The placeholder names used in `format` that are not known, in order of appearance. */
export function unknownPlaceholders(format: string): string[] {
  const known = new Set<string>(OUTPUT_PLACEHOLDERS);
  return [...format.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name));
}

export function expandOutputFormat(format: string, ref: ImageRef, digest?: string): string {
  const reference = (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
  const values: Record<OutputPlaceholder, string> = {
    scheme: ref.scheme,
    registry: ref.registry,
    repository: ref.repository,
    tag: ref.tag ?? '',
    digest: ref.digest ?? digest ?? '',
    reference,
    image: ref.repository + reference,
  };
  return format.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as OutputPlaceholder] : whole,
  );
}

/**
 * Expansion of wildcard tags (`pyhf/pyhf:*`, `analysisbase:21.2.1*`) against
 * the registry's tag list. Pure apart from the `listTags` function it is
 * given, so that the registry client stays outside.
 */
import { InvalidReferenceError, formatImageRef, isWildcard, matchGlob, withTag, type ImageRef } from '../reference/index.ts';
import type { Recipe, RecipeInput } from './recipe.ts';

export interface WildcardExpansion {
  /** Every input with a wildcard replaced by its matching tags (sorted); duplicates removed, first kept. */
  refs: RecipeInput[];
  /** Inputs whose tags could not be listed (or matched tags that are not valid); the others are unaffected. */
  errors: { input: RecipeInput; error: Error }[];
  /** Wildcard inputs that matched no tag: not an error, but worth telling the user. */
  unmatched: RecipeInput[];
}

export async function expandWildcards(
  recipe: Recipe,
  listTags: (ref: ImageRef) => Promise<string[]>,
): Promise<WildcardExpansion> {
  const errors: WildcardExpansion['errors'] = [];
  const unmatched: RecipeInput[] = [];
  const expanded = await Promise.all(
    recipe.inputs.map(async (input): Promise<RecipeInput[]> => {
      if (!isWildcard(input.ref)) return [input];
      const pattern = input.ref.tag ?? '';
      const repo = `${input.ref.registry}/${input.ref.repository}`;
      let tags: string[];
      try {
        tags = await listTags(input.ref);
      } catch (cause) {
        const why = cause instanceof Error ? cause.message : String(cause);
        errors.push({ input, error: new Error(`listing the tags of ${repo} to expand "${pattern}": ${why}`, { cause }) });
        return [];
      }
      const matching = [...new Set(tags.filter((tag) => matchGlob(pattern, tag)))].sort();
      const out: RecipeInput[] = [];
      for (const tag of matching) {
        try {
          out.push({ ...input, ref: withTag(input.ref, tag) });
        } catch (cause) {
          if (!(cause instanceof InvalidReferenceError)) throw cause;
          errors.push({ input, error: new Error(`expanding ${repo}:${pattern}: the registry listed an invalid tag: ${cause.message}`, { cause }) });
        }
      }
      if (matching.length === 0) unmatched.push(input);
      return out;
    }),
  );

  const refs: RecipeInput[] = [];
  const seen = new Set<string>();
  for (const input of expanded.flat()) {
    const key = formatImageRef(input.ref);
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push(input);
  }
  return { refs, errors, unmatched };
}

/**
 * `--against BASE`: which inputs a change to the recipe added, changed or
 * removed, so that only those are probed online. Pure.
 */
import { formatImageRef } from '../reference/index.ts';
import { inputPlatforms, type Recipe, type RecipeInput } from '../recipe/index.ts';

export interface RecipeDiff {
  change: Map<RecipeInput, 'added' | 'changed' | 'unchanged'>;
  removed: RecipeInput[];
}

/** What decides what a sync publishes for an input: its reference and its platforms. */
function signature(recipe: Recipe, input: RecipeInput): string {
  return JSON.stringify([inputPlatforms(recipe, input).toSorted(), input.ignoreErrors ?? false]);
}

export function diffRecipes(base: Recipe, head: Recipe): RecipeDiff {
  const before = new Map(base.inputs.map((i) => [formatImageRef(i.ref), i]));
  const change: RecipeDiff['change'] = new Map();
  const kept = new Set<string>();
  for (const input of head.inputs) {
    const key = formatImageRef(input.ref);
    const old = before.get(key);
    kept.add(key);
    if (old === undefined) change.set(input, 'added');
    else change.set(input, signature(base, old) === signature(head, input) ? 'unchanged' : 'changed');
  }
  const removed = base.inputs.filter((i) => !kept.has(formatImageRef(i.ref)));
  return { change, removed };
}

/**
 * A recipe.yaml turned into sync requests: wildcards expanded against the
 * registries' tag lists; an input whose tags cannot be listed becomes a
 * failed result of its own and does not stop the others.
 */
import { formatImageRef } from '../../reference/index.ts';
import { loadRecipe, expandWildcards } from '../../recipe/index.ts';
import { CredentialStore, RegistryClient, parsePlatform, type Platform } from '../../registry/index.ts';
import type { ImageResult, SyncRequest } from '../../convert/types.ts';
import type { Logger } from '../../log/logger.ts';

export interface RecipeRequests {
  requests: SyncRequest[];
  failed: ImageResult[];
}

export async function recipeRequests(file: string, platforms: Platform[] | undefined, logger: Logger, client?: RegistryClient): Promise<RecipeRequests> {
  const recipe = await loadRecipe(file);
  const registry = client ?? new RegistryClient({ credentials: CredentialStore.fromEnvironment(), logger });
  const expanded = await expandWildcards(recipe, (ref) => registry.listTags(ref));
  const requests = expanded.refs.map((input) => ({
    ref: input.ref,
    platforms: platforms ?? (input.platforms ?? recipe.platforms).map(parsePlatform),
  }));
  const failed = expanded.errors.map(({ input, error }) => ({
    ref: formatImageRef(input.ref),
    status: 'failed' as const,
    error: `listing tags: ${error.message}`,
    timings: { totalMs: 0, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
  }));
  logger.info('recipe loaded', { file, inputs: recipe.inputs.length, images: requests.length, failed: failed.length });
  return { requests, failed };
}

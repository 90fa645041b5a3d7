/**
 * A recipe.yaml turned into sync requests: wildcards expanded against the
 * registries' tag lists; an input whose tags cannot be listed becomes a
 * failed result of its own and does not stop the others.
 */
import { formatImageRef } from '../reference/index.ts';
import { expandWildcards, inputPlatforms, isErrorIgnored, loadRecipe, type Recipe } from '../recipe/index.ts';
import { CredentialStore, RegistryClient, parsePlatform, rateLimitCause } from '../registry/index.ts';
import type { ImageRef } from '../reference/index.ts';
import type { ImageResult, SyncRequest } from '../convert/types.ts';
import type { Platform } from '../registry/index.ts';
import type { Logger } from '../log/logger.ts';
import { outputOptions, type OutputOptions, type OutputSwitches } from '../convert/outputs.ts';

export interface RecipeRequests {
  recipe: Recipe;
  requests: SyncRequest[];
  failed: ImageResult[];
  /** Whether a failure of this published name is one the recipe's `ignoreErrors` covers. */
  ignored: (ref: string) => boolean;
  /** The recipe's outputs (output_format, user, skip* keys) with the caller's switches on top. */
  outputs: OutputOptions;
}

export async function recipeRequests(
  file: string,
  platforms: Platform[] | undefined,
  logger: Logger,
  client?: RegistryClient,
  switches: OutputSwitches = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<RecipeRequests> {
  const recipe = await loadRecipe(file);
  const outputs = recipeOutputs(recipe, switches, env);
  const registry = client ?? new RegistryClient({ credentials: CredentialStore.fromEnvironment(), logger });
  // One tag list per repository per cycle, however many wildcards of the recipe name it.
  const tagLists = new Map<string, Promise<string[]>>();
  const listTags = (ref: ImageRef) => {
    const key = `${ref.registry}/${ref.repository}`;
    let tags = tagLists.get(key);
    if (!tags) tagLists.set(key, (tags = registry.listTags(ref)));
    return tags;
  };
  const expanded = await expandWildcards(recipe, listTags);
  for (const input of expanded.unmatched) logger.warn('no tag matches the wildcard', { input: input.source, line: input.line });

  const ignoredNames = new Set<string>();
  const requests = expanded.refs.map((input) => {
    if (isErrorIgnored(recipe, input)) ignoredNames.add(formatImageRef(input.ref));
    return { ref: input.ref, platforms: platforms ?? inputPlatforms(recipe, input).map(parsePlatform) };
  });
  const failed = expanded.errors.map(({ input, error }) => {
    if (isErrorIgnored(recipe, input)) ignoredNames.add(formatImageRef(input.ref));
    return {
      ref: formatImageRef(input.ref),
      // A tag list held back by the registry's rate limit is tried again next cycle, not failed.
      status: rateLimitCause(error) ? ('deferred' as const) : ('failed' as const),
      error: error.message,
      timings: { totalMs: 0, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
    };
  });
  logger.info('recipe loaded', { file, inputs: recipe.inputs.length, images: requests.length, failed: failed.length });
  return { recipe, requests, failed, ignored: (ref) => ignoredNames.has(ref), outputs };
}

/**
 * The recipe's `output_format` and `user` (DUCC's thin image; the password
 * is DUCC_OUTPUT_REGISTRY_PASS) and its skip keys, each switch of the
 * caller winning where it is set.
 */
export function recipeOutputs(recipe: Recipe, s: OutputSwitches, env: NodeJS.ProcessEnv): OutputOptions {
  const out = outputOptions({
    skipFlat: s.skipFlat || recipe.skipFlat,
    skipLayers: s.skipLayers || recipe.skipLayers,
    skipPodman: s.skipPodman || recipe.skipPodman,
    skipThinImage: s.skipThinImage || recipe.skipThinImage,
    thinImageName: s.thinImageName ?? recipe.outputFormat,
    user: s.user ?? recipe.user,
    password: s.password ?? env.DUCC_OUTPUT_REGISTRY_PASS,
  });
  // As DUCC: a recipe's thin images need credentials; without any they are skipped (with a warning), not failed.
  if (out.thin && !s.thinImageName) out.thin.requireCredentials = true;
  if (out.thin) out.thin.credentials = CredentialStore.fromEnvironment(env);
  return out;
}

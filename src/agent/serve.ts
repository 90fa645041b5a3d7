/**
 * `cvmfs-unpack serve --config agent.yaml`: the agent with the real engine
 * and publisher. Runs until the signal aborts or SIGTERM/SIGINT arrives:
 * the first signal stops accepting and lets the running batch finish, a
 * second one interrupts it (its jobs stay queued for the next start).
 */
import { outputOptions, syncImages } from '../convert/index.ts';
import { parseRemoval, removeNames } from '../gc/remove.ts';
import type { SyncRequest } from '../convert/types.ts';
import { parseTarget } from '../publish/index.ts';
import { CredentialStore, RegistryClient } from '../registry/index.ts';
import { recipeRequests } from '../schedule/recipe-source.ts';
import type { Logger } from '../log/logger.ts';
import { createAgent } from './agent.ts';
import { loadConfig, type AgentConfig } from './config.ts';
import type { RunSync } from './worker.ts';
import { untilStopped } from './signals.ts';

export interface ServeOptions {
  configPath: string;
  logger: Logger;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** The recipe's images as requests (wildcards expanded); inputs that fail to expand are logged and skipped. */
async function recipeSyncRequests(file: string, logger: Logger, client: RegistryClient): Promise<SyncRequest[]> {
  const { requests, failed } = await recipeRequests(file, undefined, logger, client);
  for (const f of failed) logger.warn('recipe input skipped', { image: f.ref, error: f.error });
  return requests;
}

export async function serve(opts: ServeOptions): Promise<void> {
  const { logger } = opts;
  const config: AgentConfig = await loadConfig(opts.configPath, opts.env ?? process.env);
  const publisher = parseTarget(config.target, { cvmfsServer: config.cvmfsServer, cvmfsMount: config.cvmfsMount, stateDir: config.state, logger });
  // The agent's switches; thin images are pushed by `sync`/`loop` with a recipe's output_format, not by the agent.
  const outputs = outputOptions({ skipFlat: config.skipFlat, skipLayers: config.skipLayers, skipPodman: config.skipPodman, skipThinImage: true });
  // One client for the queue and the recipe, knowing which registries speak plain HTTP: one token cache, and
  // one pacing of each registry's rate limit across batches (see src/registry/rate-limit.ts).
  const client = new RegistryClient({ credentials: CredentialStore.fromEnvironment(opts.env ?? process.env), logger, insecureRegistries: config.insecureRegistries, rateLimitMaxWaitMs: config.queue.rateLimitWait });
  // A wait for a registry's rate limit longer than queue.rateLimitWait carries the job (queued until then), not fails it.
  const runSync: RunSync = (requests, run) =>
    syncImages(requests, { publisher, client, logger: run.logger, onEvent: run.onEvent, signal: run.signal, outputs, deferRateLimited: true });
  const recipe = config.recipe;
  const agent = createAgent({
    config,
    runSync,
    logger,
    recover: () => publisher.recover(),
    targetRoot: publisher.root,
    runRemove: async (images, run) => ({ removed: await removeNames({ publisher, target: parseRemoval(images).target, logger: run.logger }), root: publisher.root }),
    loadRecipe: recipe ? () => recipeSyncRequests(recipe, logger, client) : undefined,
    registryStates: () => client.rateLimits(),
  });
  await agent.start();
  try {
    await untilStopped(opts.signal, logger, () => agent.stop(), () => agent.stop({ abort: true }));
  } finally {
    await client.close();
  }
}

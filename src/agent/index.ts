export { serve, type ServeOptions } from './serve.ts';
export { untilStopped } from './signals.ts';
export { createAgent, parseListen, type Agent, type AgentOptions } from './agent.ts';
export { ConfigError, loadConfig, parseConfig, parseDuration, readSecret, ENV_KEYS, ENV_PREFIX } from './config.ts';
export type { AgentConfig, OidcIssuerConfig, PolicyRule, WebhookConfig } from './config.ts';
export type { RunSync, RunSyncOptions } from './worker.ts';
export { isAllowed, policyName, type Identity } from './policy.ts';

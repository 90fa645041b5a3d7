/**
 * The shape of agent.yaml (DESIGN.md section 4), as zod schemas, and the
 * table that maps every key to its environment variable. Keys are camelCase
 * without underscores so that each maps to `CVMFS_UNPACK_<KEY>`.
 */
import { z } from 'zod';
import { parseDuration } from '../common/duration.ts';

export { parseDuration } from '../common/duration.ts';

const duration = z.union([z.string(), z.number().nonnegative()]).transform((value, ctx) => {
  if (typeof value === 'number') return value * 1000;
  try {
    return parseDuration(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const nonEmpty = z.string().min(1, 'must not be empty');

const oidcIssuer = z
  .object({
    /** Exactly the `iss` the tokens carry, e.g. https://token.actions.githubusercontent.com. */
    issuer: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
    /** The `aud` the tokens must carry (one of these). */
    audience: z.union([nonEmpty, z.array(nonEmpty).min(1)]).transform((a) => (Array.isArray(a) ? a : [a])),
    /** JWKS address; without it, `${issuer}/.well-known/openid-configuration` names it. */
    jwksUri: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  })
  .strict();

/** A rule for GitHub/GitLab claims: every listed claim must match its glob. */
const claimMatch = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not a claim name'), nonEmpty);

const match = z.union([
  z.object({ secret: z.literal(true) }).strict(),
  z.object({ webhook: z.enum(['distribution', 'harbor']) }).strict(),
  claimMatch.refine((m) => Object.keys(m).length > 0, 'a rule must match at least one claim (an empty match would allow everyone)')
    .refine((m) => !('secret' in m) && !('webhook' in m), '"secret" and "webhook" stand alone in a match'),
]);

const policyRule = z
  .object({
    match,
    images: z.array(nonEmpty).min(1, 'list at least one image pattern'),
    /** Images (patterns) the identity may also remove (POST /api/v1/remove); none by default. */
    remove: z.array(nonEmpty).optional(),
  })
  .strict();

const webhook = z
  .object({
    /** File holding the shared secret the registry sends in Authorization. */
    secretTokenFile: nonEmpty.optional(),
    /** Set from the environment only: the secret itself. */
    secretToken: nonEmpty.optional(),
    /** The registry as clients name it ('host:port', or 'http://host:port' for plain HTTP); overrides what the payload says. */
    registry: nonEmpty.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    listen: nonEmpty.default('127.0.0.1:8000'),
    target: nonEmpty.default('dir:./unpacked'),
    state: nonEmpty.default('/var/lib/cvmfs-unpack'),
    cvmfsServer: nonEmpty.optional(),
    cvmfsMount: nonEmpty.optional(),
    auth: z
      .object({
        secretTokenFile: nonEmpty.optional(),
        secretToken: nonEmpty.optional(),
        oidc: z.array(oidcIssuer).default([]),
        clockSkew: duration.default(30_000),
        /** Whether the status page and the read API answer without a token (names are public in CVMFS anyway). */
        publicRead: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    policy: z.array(policyRule).default([]),
    webhooks: z
      .object({ distribution: webhook.optional(), harbor: webhook.optional() })
      .strict()
      .prefault({}),
    queue: z
      .object({
        maxQueued: z.number().int().positive().default(1000),
        batchSize: z.number().int().positive().default(20),
        maxAttempts: z.number().int().positive().default(3),
        rateLimitWait: duration.default(30_000),
        history: duration.default(7 * 86_400_000),
      })
      .strict()
      .prefault({}),
    rateLimit: z
      .object({
        perMinute: z.number().positive().default(60),
        burst: z.number().int().positive().default(30),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        maxBodyBytes: z.number().int().positive().default(65_536),
        maxWait: duration.default(60_000),
      })
      .strict()
      .prefault({}),
    recipe: nonEmpty.optional(),
    interval: duration.default(15 * 60_000),
    // DUCC's --skip-* switches for everything this agent publishes.
    skipFlat: z.boolean().default(false),
    skipLayers: z.boolean().default(false),
    skipPodman: z.boolean().default(false),
    skipThinImage: z.boolean().default(false),
    /** Registries spoken to over plain HTTP although named without a scheme ('host:port'; loopback always is). */
    insecureRegistries: z.array(nonEmpty).default([]),
  })
  .strict();

export type AgentConfig = z.output<typeof configSchema>;
export type OidcIssuerConfig = AgentConfig['auth']['oidc'][number];
export type PolicyRule = AgentConfig['policy'][number];
export type WebhookConfig = NonNullable<AgentConfig['webhooks']['distribution']>;

/** How an environment variable's text becomes a value. */
export type EnvKind = 'string' | 'number' | 'duration' | 'json' | 'list';

export interface EnvKey {
  path: string[];
  env: string;
  kind: EnvKind;
  /** Only settable from the environment (a secret), never from the file. */
  envOnly?: boolean;
}

/**
 * Every key of agent.yaml and its variable (`CVMFS_UNPACK_` + this name).
 * Secrets and secret files drop the `auth` level: CVMFS_UNPACK_SECRET_TOKEN_FILE.
 */
export const ENV_KEYS: EnvKey[] = [
  { path: ['listen'], env: 'LISTEN', kind: 'string' },
  { path: ['target'], env: 'TARGET', kind: 'string' },
  { path: ['state'], env: 'STATE', kind: 'string' },
  { path: ['cvmfsServer'], env: 'CVMFS_SERVER', kind: 'string' },
  { path: ['cvmfsMount'], env: 'CVMFS_MOUNT', kind: 'string' },
  { path: ['auth', 'secretTokenFile'], env: 'SECRET_TOKEN_FILE', kind: 'string' },
  { path: ['auth', 'secretToken'], env: 'SECRET_TOKEN', kind: 'string', envOnly: true },
  { path: ['auth', 'oidc'], env: 'OIDC', kind: 'json' },
  { path: ['auth', 'clockSkew'], env: 'CLOCK_SKEW', kind: 'duration' },
  { path: ['auth', 'publicRead'], env: 'PUBLIC_READ', kind: 'json' },
  { path: ['policy'], env: 'POLICY', kind: 'json' },
  { path: ['webhooks', 'distribution', 'secretTokenFile'], env: 'WEBHOOKS_DISTRIBUTION_SECRET_TOKEN_FILE', kind: 'string' },
  { path: ['webhooks', 'distribution', 'secretToken'], env: 'WEBHOOKS_DISTRIBUTION_SECRET_TOKEN', kind: 'string', envOnly: true },
  { path: ['webhooks', 'distribution', 'registry'], env: 'WEBHOOKS_DISTRIBUTION_REGISTRY', kind: 'string' },
  { path: ['webhooks', 'harbor', 'secretTokenFile'], env: 'WEBHOOKS_HARBOR_SECRET_TOKEN_FILE', kind: 'string' },
  { path: ['webhooks', 'harbor', 'secretToken'], env: 'WEBHOOKS_HARBOR_SECRET_TOKEN', kind: 'string', envOnly: true },
  { path: ['webhooks', 'harbor', 'registry'], env: 'WEBHOOKS_HARBOR_REGISTRY', kind: 'string' },
  { path: ['queue', 'maxQueued'], env: 'QUEUE_MAX_QUEUED', kind: 'number' },
  { path: ['queue', 'batchSize'], env: 'QUEUE_BATCH_SIZE', kind: 'number' },
  { path: ['queue', 'maxAttempts'], env: 'QUEUE_MAX_ATTEMPTS', kind: 'number' },
  { path: ['queue', 'rateLimitWait'], env: 'QUEUE_RATE_LIMIT_WAIT', kind: 'duration' },
  { path: ['queue', 'history'], env: 'QUEUE_HISTORY', kind: 'duration' },
  { path: ['rateLimit', 'perMinute'], env: 'RATE_LIMIT_PER_MINUTE', kind: 'number' },
  { path: ['rateLimit', 'burst'], env: 'RATE_LIMIT_BURST', kind: 'number' },
  { path: ['http', 'maxBodyBytes'], env: 'HTTP_MAX_BODY_BYTES', kind: 'number' },
  { path: ['http', 'maxWait'], env: 'HTTP_MAX_WAIT', kind: 'duration' },
  { path: ['recipe'], env: 'RECIPE', kind: 'string' },
  { path: ['interval'], env: 'INTERVAL', kind: 'duration' },
  { path: ['skipFlat'], env: 'SKIP_FLAT', kind: 'json' },
  { path: ['skipLayers'], env: 'SKIP_LAYERS', kind: 'json' },
  { path: ['skipPodman'], env: 'SKIP_PODMAN', kind: 'json' },
  { path: ['skipThinImage'], env: 'SKIP_THIN_IMAGE', kind: 'json' },
  { path: ['insecureRegistries'], env: 'INSECURE_REGISTRIES', kind: 'list' },
];

export const ENV_PREFIX = 'CVMFS_UNPACK_';

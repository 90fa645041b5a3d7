/**
 * The action's inputs (action.yml) as one typed, validated object.
 *
 * Two modes follow from `server`:
 *   - remote:     `server` set; a remote agent publishes; we authenticate with
 *                 the job's OIDC token for `audience`, or with `token`;
 *   - in-process: `server` empty; this runner (on the stratum-0 host) publishes
 *                 into `target` itself.
 */
import * as core from '@actions/core';
import { z } from 'zod';
import { parseDuration, splitList } from '../client/index.ts';

export const INPUT_NAMES = ['image', 'extra-tags', 'digest', 'server', 'audience', 'token', 'target', 'platform', 'wait', 'timeout', 'mode'] as const;
export type InputName = (typeof INPUT_NAMES)[number];
export type RawInputs = Partial<Record<InputName, string>>;

export const DEFAULT_AUDIENCE = 'cvmfs-unpack';
export const DEFAULT_TIMEOUT = '30m';

interface Common {
  /** The image list as given (lines, commas or spaces). */
  images: string[];
  extraTags: string[];
  digest?: string;
  platform?: string;
  timeoutMs: number;
  /** `mode: remove`: take the named images (tags may be wildcards) back instead of publishing them. */
  remove?: boolean;
}

export interface RemoteInputs extends Common {
  mode: 'remote';
  server: string;
  /** Either a secret token (input `token`) or 'oidc': ask the runner for an ID token for `audience`. */
  auth: { kind: 'token'; token: string } | { kind: 'oidc'; audience: string };
  wait: boolean;
}

export interface InProcessInputs extends Common {
  mode: 'in-process';
  /** 'dir:PATH' or 'cvmfs:REPO[/path]'. */
  target: string;
}

export type ActionInputs = RemoteInputs | InProcessInputs;

/** An input with a bad value; the message names the input. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const Schema = z.object({
  image: z
    .string({ error: 'is required' })
    .transform((v) => splitList(v))
    .refine((list) => list.length > 0, 'is required: the pushed image, e.g. ghcr.io/org/app:1.0'),
  'extra-tags': z
    .string()
    .optional()
    .transform((v) => splitList(v ?? '')),
  digest: optional.refine((v) => v === undefined || DIGEST.test(v), 'must be a manifest digest, sha256:<64 hex digits>'),
  server: optional,
  audience: optional.transform((v) => v ?? DEFAULT_AUDIENCE),
  token: optional,
  target: optional,
  platform: optional.refine((v) => v === undefined || PLATFORM.test(v), 'must be os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8'),
  wait: optional.transform((v, ctx) => {
    if (v === undefined || BOOLEAN_TRUE.includes(v)) return true;
    if (BOOLEAN_FALSE.includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  }),
  mode: optional.refine((v) => v === undefined || v === 'publish' || v === 'remove', 'must be publish, remove or check'),
  timeout: optional.transform((v, ctx) => {
    try {
      const ms = parseDuration(v ?? DEFAULT_TIMEOUT);
      if (ms > 0) return ms;
      ctx.addIssue({ code: 'custom', message: 'must be longer than 0' });
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
    return z.NEVER;
  }),
});

/**
 * Validates raw inputs (empty strings count as unset, as on a runner).
 * `env` supplies CVMFS_UNPACK_TARGET, the default target.
 */
export function parseInputs(raw: RawInputs, env: Record<string, string | undefined> = {}): ActionInputs {
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`input "${String(issue.path[0] ?? '?')}" ${issue.message}`);
  }
  const v = parsed.data;
  const common: Common = { images: v.image, extraTags: v['extra-tags'], timeoutMs: v.timeout };
  if (v.digest !== undefined) common.digest = v.digest;
  if (v.platform !== undefined) common.platform = v.platform;
  if (v.mode === 'remove') common.remove = true;

  if (v.server !== undefined) {
    // The agent's own configuration decides where it publishes.
    if (v.target !== undefined) throw new InputError('input "target" applies only without "server" (the agent publishes into its own target)');
    const auth: RemoteInputs['auth'] = v.token !== undefined ? { kind: 'token', token: v.token } : { kind: 'oidc', audience: v.audience };
    return { ...common, mode: 'remote', server: v.server, auth, wait: v.wait };
  }
  if (v.token !== undefined) throw new InputError('input "token" is for a remote agent: set "server" too, or remove "token"');
  const target = v.target ?? nonEmpty(env.CVMFS_UNPACK_TARGET);
  if (target === undefined) {
    throw new InputError('set "server" (a remote agent) or "target" (publish on this runner, e.g. cvmfs:unpacked.example.org)');
  }
  if (!/^(dir|cvmfs):./.test(target)) throw new InputError(`input "target" must be dir:PATH or cvmfs:REPO, not ${JSON.stringify(target)}`);
  return { ...common, mode: 'in-process', target };
}

/** Reads the inputs from the runner (INPUT_* variables, hyphens kept) through @actions/core. */
export function readInputs(env: Record<string, string | undefined> = process.env): ActionInputs {
  const raw: RawInputs = {};
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name);
  return parseInputs(raw, env);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

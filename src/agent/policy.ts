/**
 * Who may publish what: pure functions over the policy in agent.yaml.
 *
 * A rule matches an identity when
 *   - `match: { secret: true }` and the caller holds the secret token;
 *   - `match: { webhook: distribution|harbor }` and the call is that webhook;
 *   - otherwise every listed claim of the caller's OIDC token is a string
 *     (GitLab's `ref_protected` is the string "true") matching the glob.
 * The image, normalised, must match one of the rule's `images` globs.
 * Nothing matches → denied.
 *
 * Images are matched in the form `registry/repository:tag` (by digest:
 * `registry/repository@sha256:…`; both: `registry/repository:tag@sha256:…`),
 * without a scheme: `ghcr.io/my-org/app:1.0`, `registry.hub.docker.com/library/centos:7`.
 * `*` matches any run of characters, `/` and `:` included.
 */
import { formatImageRef, matchGlob, type ImageRef } from '../reference/index.ts';
import type { PolicyRule } from './config.ts';

export type Identity =
  | { kind: 'secret' }
  | { kind: 'webhook'; source: 'distribution' | 'harbor' }
  | { kind: 'oidc'; issuer: string; subject: string; claims: Record<string, unknown> };

/** The name an image is matched under: scheme-less formatImageRef. */
export function policyName(ref: ImageRef): string {
  return formatImageRef({ ...ref, scheme: 'https' });
}

export function ruleMatchesIdentity(rule: PolicyRule, identity: Identity): boolean {
  const m = rule.match as Record<string, unknown>;
  if ('secret' in m) return identity.kind === 'secret' && m.secret === true;
  if ('webhook' in m) return identity.kind === 'webhook' && identity.source === m.webhook;
  if (identity.kind !== 'oidc') return false;
  return Object.entries(m).every(([claim, pattern]) => {
    const value = identity.claims[claim];
    // Only string claims match: a missing, numeric or object claim never does.
    return typeof value === 'string' && typeof pattern === 'string' && matchGlob(pattern, value);
  });
}

/** Whether the identity may publish every one of `refs` (an image and its extra tags). */
export function isAllowed(policy: PolicyRule[], identity: Identity, refs: ImageRef[]): boolean {
  const rules = policy.filter((r) => ruleMatchesIdentity(r, identity));
  return refs.every((ref) => {
    const name = policyName(ref);
    return rules.some((r) => r.images.some((pattern) => matchGlob(pattern, name)));
  });
}

/** A short, secret-free description of the caller for logs and job records. */
export function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'secret':
      return 'secret-token';
    case 'webhook':
      return `webhook:${identity.source}`;
    case 'oidc':
      return `oidc:${identity.issuer}#${identity.subject}`;
  }
}

/**
 * Whether the identity may remove every one of `names` (image names, whose
 * tag may be a wildcard): each must match a `remove` pattern of a rule that
 * matches the identity. A requested wildcard is matched as text: a rule's
 * `*` may cover it, but a requested `*` never reaches past a rule's literal
 * characters, so `app:feature-*` needs a rule such as `app:feature-*` or
 * `app:*`, never just `app:feature-1`. Deny by default.
 */
export function mayRemove(policy: PolicyRule[], identity: Identity, names: string[]): boolean {
  const patterns = policy.filter((r) => ruleMatchesIdentity(r, identity)).flatMap((r) => r.remove ?? []);
  return names.every((name) => patterns.some((p) => matchGlob(p, name)));
}

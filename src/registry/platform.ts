/**
 * Platforms ('linux/amd64', 'linux/arm64/v8') and choosing an index entry for
 * one, as containerd does: the OS and architecture must be equal (after
 * normalising aliases such as aarch64 → arm64, x86_64 → amd64), and the
 * variant must match with its defaults filled in (arm64 ⇒ v8, arm ⇒ v7), so
 * `linux/arm64` matches an entry with variant v8 or none. Entries with
 * platform unknown/unknown (BuildKit attestations) are never chosen.
 */
import type { Descriptor, Platform } from './types.ts';

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

export class InvalidPlatformError extends Error {
  override name = 'InvalidPlatformError';
}

const ARCH_ALIASES: Record<string, { architecture: string; variant?: string }> = {
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  i386: { architecture: '386' },
  i686: { architecture: '386' },
};

const PART = /^[a-z0-9_.-]+$/;

/** 'os/arch[/variant]' → Platform. */
export function parsePlatform(s: string): Platform {
  const parts = s.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !PART.test(p))) {
    throw new InvalidPlatformError(`${JSON.stringify(s)} is not a platform: expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8`);
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** Aliases resolved and the default variant filled in (arm64 → v8, arm → v7). */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  let architecture = p.architecture.toLowerCase();
  let variant = p.variant?.toLowerCase() || undefined;
  const alias = ARCH_ALIASES[architecture];
  if (alias) {
    architecture = alias.architecture;
    variant ??= alias.variant;
  }
  if (architecture === 'arm64' && (variant === undefined || variant === '8')) variant = 'v8';
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  if (architecture === 'arm' && /^[5-8]$/.test(variant ?? '')) variant = `v${variant}`;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Whether an index entry's platform satisfies the wanted one. */
export function platformMatches(wanted: Platform, candidate: Platform): boolean {
  const w = normalizePlatform(wanted);
  const c = normalizePlatform(candidate);
  if (w.os !== c.os || w.architecture !== c.architecture) return false;
  // No variant wanted (after defaults) accepts any; pickManifest prefers the entry without one.
  return w.variant === undefined || w.variant === c.variant;
}

export function isAttestation(d: Descriptor): boolean {
  return (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown') || d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
}

/**
 * The index entry for `wanted`, or undefined. An exact variant match wins over
 * an entry without a variant constraint; among equals the first entry wins.
 */
export function pickManifest(manifests: Descriptor[], wanted: Platform): Descriptor | undefined {
  const candidates = manifests.filter((d) => d.platform && !isAttestation(d) && platformMatches(wanted, d.platform));
  if (candidates.length <= 1) return candidates[0];
  const w = normalizePlatform(wanted);
  // Prefer no variant (baseline) when none was asked for, e.g. plain amd64 over amd64/v3.
  const exact = candidates.find((d) => normalizePlatform(d.platform!).variant === w.variant);
  return exact ?? candidates[0];
}

/** Platforms an index offers (attestations left out), for error messages. */
export function availablePlatforms(manifests: Descriptor[]): Platform[] {
  return manifests.filter((d) => d.platform && !isAttestation(d)).map((d) => d.platform!);
}

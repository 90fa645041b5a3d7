/**
 * OCI distribution client (see client.ts). Everything other parts use is
 * exported here.
 */
export { RegistryClient, nextLink, type RegistryClientOptions } from './client.ts';
export { CredentialStore, CredentialsError, envVarPrefix, normalizeRegistryHost, type Credential } from './credentials.ts';
export {
  DigestMismatchError,
  PlatformNotFoundError,
  RegistryError,
  SizeMismatchError,
  UnsupportedManifestError,
  type RegistryErrorDetail,
} from './errors.ts';
export {
  DEFAULT_PLATFORM,
  InvalidPlatformError,
  availablePlatforms,
  formatPlatform,
  isAttestation,
  normalizePlatform,
  parsePlatform,
  pickManifest,
  platformMatches,
} from './platform.ts';
export { parseChallenges, pickChallenge, type Challenge } from './challenge.ts';
export { redactUrl } from './redact.ts';
export { RateLimitedError, parseRateLimitHeader, rateLimitCause, type RegistryRateState, type RequestKind } from './rate-limit.ts';
export type { OpenBlobOptions } from './blob.ts';
export {
  MANIFEST_ACCEPT,
  MediaTypes,
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type FetchedManifest,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  type Platform,
  type ResolvedImage,
} from './types.ts';

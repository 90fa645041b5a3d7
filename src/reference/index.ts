export {
  DOCKER_HUB,
  InvalidReferenceError,
  formatImageRef,
  formatUrlRef,
  insecureRegistriesFromEnv,
  isPlainHttpRegistry,
  isWildcard,
  matchesTag,
  parseImageRef,
  publicLinkPath,
  registryBaseUrl,
  withTag,
} from './reference.ts';
export type { ImageRef, ParseOptions } from './reference.ts';
export { globToRegExp, matchGlob } from './glob.ts';

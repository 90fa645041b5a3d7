/**
 * Image references: parsing, normalising and formatting.
 *
 * Two spellings are accepted and normalised to one `ImageRef`:
 *
 *   - the DUCC/recipe form, a URL: `https://registry.hub.docker.com/library/centos:centos7`,
 *     `https://gitlab-p4n.aip.de:5005/group/img:latest`; `http://host:port/repo:tag`
 *     names a registry spoken to over plain HTTP;
 *   - Docker's short form: `centos:7`, `user/img`, `img@sha256:…`,
 *     `docker.io/library/x`, `localhost:5000/x`. The first path component is a
 *     registry when it contains `.` or `:` or is `localhost` (Docker's rule);
 *     otherwise the image is on Docker Hub.
 *
 * Docker Hub is always called `registry.hub.docker.com` (as unpacked.cern.ch
 * does) and a single-component Docker Hub name gets `library/`.
 *
 * Everything is validated, because references end up in file-system paths on
 * CVMFS and in logs: no whitespace, no `..`, no shell metacharacters, only
 * Distribution's grammar for names, tags and digests.
 */
import { matchGlob } from './glob.ts';

export interface ImageRef {
  /** 'http' only when the input said http:// (a plain-HTTP registry). */
  scheme: 'https' | 'http';
  /** Naming host[:port], lower case; Docker Hub is always 'registry.hub.docker.com'. */
  registry: string;
  /** E.g. 'library/centos': lower case, validated. */
  repository: string;
  /** May contain '*' only when parsed with { allowWildcard: true }. */
  tag?: string;
  /** 'sha256:<64 lowercase hex>' (or 'sha512:<128 lowercase hex>'). */
  digest?: string;
}

export interface ParseOptions {
  /** Accept '*' in the tag (recipe wildcards). Default false. */
  allowWildcard?: boolean;
  /** The tag given to a reference with neither tag nor digest. Default 'latest'. */
  defaultTag?: string;
}

/** A string that is not an acceptable image reference; the message says why. */
export class InvalidReferenceError extends Error {
  override readonly name = 'InvalidReferenceError';
  readonly input: string;
  /** Why the input was refused, without the input itself (e.g. 'contains whitespace'). */
  readonly reason: string;

  constructor(input: string, reason: string) {
    super(`${JSON.stringify(input)} is not an image reference: ${reason}`);
    this.input = input;
    this.reason = reason;
  }
}

export const DOCKER_HUB = 'registry.hub.docker.com';
const DOCKER_HUB_API = 'https://registry-1.docker.io';
/** Spellings of Docker Hub found in references; all are normalised to DOCKER_HUB. */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', DOCKER_HUB]);

/** One component of a repository name (Distribution's grammar). */
const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** A tag pattern: like a tag, with '*' allowed anywhere. */
const TAG_PATTERN = /^[A-Za-z0-9_*][A-Za-z0-9._*-]{0,127}$/;
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST_COMPONENT = /^(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$/;
/** Docker's limit on the length of registry + '/' + repository. */
const NAME_MAX = 255;

/** Characters a shell would interpret: reported by name, they are the likely attack. */
const SHELL_META = new Set([...';|&$`\'"<>(){}[]\\!~^%=,+?#']);
/** Everything that may appear anywhere in a reference; the parts are checked further. */
const ALLOWED_CHAR = /[A-Za-z0-9._\-/:@*]/;
const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

type Fail = (reason: string) => never;

/**
 * Parses and normalises an image reference. Throws InvalidReferenceError
 * naming the input and the reason.
 */
export function parseImageRef(input: string, opts: ParseOptions = {}): ImageRef {
  const fail: Fail = (reason) => {
    throw new InvalidReferenceError(input, reason);
  };
  if (input === '') fail('it is empty');
  if (/\s/.test(input)) fail('contains whitespace');

  let scheme: ImageRef['scheme'] = 'https';
  let rest = input;
  const url = URL_SCHEME.exec(input);
  if (url) {
    const name = url[1]!.toLowerCase();
    if (name !== 'https' && name !== 'http') fail(`unsupported URL scheme "${url[1]}://" (use https://, http:// or none)`);
    scheme = name as ImageRef['scheme'];
    rest = input.slice(url[0].length);
    if (rest.includes('?')) fail('a URL query ("?…") is not allowed');
    if (rest.includes('#')) fail('a URL fragment ("#…") is not allowed');
  }
  checkCharacters(rest, fail);

  const { registry: rawRegistry, path } = splitRegistry(rest, url !== null, fail);
  let registry = validateRegistry(rawRegistry, fail);

  // The digest follows the only '@'; the tag follows the last ':' of the last component.
  const at = path.indexOf('@');
  if (at !== -1 && path.indexOf('@', at + 1) !== -1) fail('more than one "@"');
  const name = at === -1 ? path : path.slice(0, at);
  const digest = at === -1 ? undefined : path.slice(at + 1);
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  let repository = hasTag ? name.slice(0, colon) : name;
  let tag = hasTag ? name.slice(colon + 1) : undefined;

  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
    // Docker Hub's official images live under library/.
    if (repository !== '' && !repository.includes('/')) repository = `library/${repository}`;
  }
  validateRepository(repository, fail);
  if (registry.length + 1 + repository.length > NAME_MAX) fail(`the name is longer than ${NAME_MAX} characters`);

  if (tag !== undefined) validateTag(tag, opts.allowWildcard ?? false, fail);
  if (digest !== undefined) {
    validateDigest(digest, fail);
    if (tag?.includes('*')) fail('a wildcard tag cannot be combined with a digest');
  }
  if (tag === undefined && digest === undefined) {
    tag = opts.defaultTag ?? 'latest';
    validateTag(tag, false, (reason) => fail(`default tag: ${reason}`));
  }

  const ref: ImageRef = { scheme, registry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

function checkCharacters(text: string, fail: Fail): void {
  for (const ch of text) {
    if (ALLOWED_CHAR.test(ch)) continue;
    // Shell metacharacters are named as such: such a reference is refused before it reaches a path or a command.
    if (SHELL_META.has(ch)) fail(`contains the shell metacharacter ${JSON.stringify(ch)}`);
    fail(`contains the character ${JSON.stringify(ch)}`);
  }
}

function splitRegistry(rest: string, isUrl: boolean, fail: Fail): { registry: string; path: string } {
  const slash = rest.indexOf('/');
  if (isUrl) {
    if (slash === -1) fail('the URL has no repository path');
    if (slash === 0) fail('the URL has no registry host');
    return { registry: rest.slice(0, slash), path: rest.slice(slash + 1) };
  }
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // Docker's rule: a first component with '.' or ':' (or 'localhost') names a registry.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      return { registry: first, path: rest.slice(slash + 1) };
    }
  }
  return { registry: DOCKER_HUB, path: rest };
}

/** Checks host[:port] and returns it in lower case. */
function validateRegistry(registry: string, fail: Fail): string {
  // Credentials in a reference would end up in logs and paths.
  if (registry.includes('@')) fail('credentials ("user:password@") are not allowed in a reference');
  const lower = registry.toLowerCase();
  const colon = lower.indexOf(':');
  const host = colon === -1 ? lower : lower.slice(0, colon);
  const port = colon === -1 ? undefined : lower.slice(colon + 1);
  if (host === '' || !host.split('.').every((part) => HOST_COMPONENT.test(part))) {
    fail(`registry host "${registry}" is not a valid host name`);
  }
  if (port !== undefined) {
    const n = /^[0-9]{1,5}$/.test(port) ? Number(port) : NaN;
    if (!(n >= 1 && n <= 65535)) fail(`registry port "${port}" is not a port number`);
  }
  return lower;
}

function validateRepository(repository: string, fail: Fail): void {
  if (repository === '') fail('the repository name is empty');
  for (const component of repository.split('/')) {
    if (component === '') fail('the repository has an empty path component (a double or trailing "/")');
    // '.' and '..' would climb out of the repository's directory on CVMFS.
    if (component === '.' || component === '..') fail(`the path component "${component}" is not allowed`);
    if (component.includes('*')) fail('a wildcard "*" is only allowed in the tag');
    if (component !== component.toLowerCase()) fail(`the repository "${repository}" must be lower case`);
    if (!NAME_COMPONENT.test(component)) {
      fail(
        `"${component}" is not a valid repository path component ` +
          '(lower-case letters and digits, separated by ".", "_", "__" or "-")',
      );
    }
  }
}

function validateTag(tag: string, allowWildcard: boolean, fail: Fail): void {
  if (tag === '') fail('the tag after ":" is empty');
  if (tag.includes('*') && !allowWildcard) fail(`the wildcard tag "${tag}" is not allowed here`);
  if (!(allowWildcard ? TAG_PATTERN : TAG).test(tag)) {
    fail(`the tag "${tag}" is not valid (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`);
  }
}

function validateDigest(digest: string, fail: Fail): void {
  if (!DIGEST.test(digest)) fail(`the digest "${digest}" is not valid (expected sha256:<64 lowercase hex digits>)`);
}

/**
 * Whether a registry named without a scheme is spoken to over plain HTTP,
 * as Docker and crane do: loopback (`127.0.0.0/8`, `localhost`, `[::1]`,
 * any port) and those listed as insecure (`host:port`, or `host` for every
 * port of it).
 */
export function isPlainHttpRegistry(registry: string, insecure: readonly string[] = []): boolean {
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0]!;
  if (host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return insecure.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
    return e === registry || e === host;
  });
}

/** The registries named insecure by CVMFS_UNPACK_INSECURE_REGISTRIES ('a:5000,b:5000' or space separated). */
export function insecureRegistriesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.CVMFS_UNPACK_INSECURE_REGISTRIES ?? '').split(/[\s,]+/).filter(Boolean);
}

/** The registry's API base URL: Docker Hub's API host for Docker Hub; plain HTTP for loopback and `insecure` ones. */
export function registryBaseUrl(ref: ImageRef, insecure?: readonly string[]): string {
  if (ref.registry === DOCKER_HUB) return DOCKER_HUB_API;
  const scheme = ref.scheme === 'http' || isPlainHttpRegistry(ref.registry, insecure) ? 'http' : 'https';
  return `${scheme}://${ref.registry}`;
}

/** ':tag', '@digest' or ':tag@digest'. */
function referenceSuffix(ref: ImageRef): string {
  return (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/**
 * 'registry/repo:tag', 'registry/repo@sha256:…' or 'registry/repo:tag@sha256:…',
 * prefixed 'http://' for a plain-HTTP registry. parseImageRef reads it back.
 */
export function formatImageRef(ref: ImageRef): string {
  const prefix = ref.scheme === 'http' ? 'http://' : '';
  return `${prefix}${ref.registry}/${ref.repository}${referenceSuffix(ref)}`;
}

/** DUCC's spelling, always with a scheme: 'https://registry/repo:tag'. */
export function formatUrlRef(ref: ImageRef): string {
  return `${ref.scheme}://${ref.registry}/${ref.repository}${referenceSuffix(ref)}`;
}

/**
 * Path of the public symlink relative to the repository root:
 * 'registry/repo:tag', or 'registry/repo@sha256:…' for a reference by digest only.
 */
export function publicLinkPath(ref: ImageRef): string {
  if (ref.tag !== undefined) {
    if (isWildcard(ref)) throw new Error(`making the link path of ${formatImageRef(ref)}: a wildcard tag has no link`);
    return `${ref.registry}/${ref.repository}:${ref.tag}`;
  }
  if (ref.digest !== undefined) return `${ref.registry}/${ref.repository}@${ref.digest}`;
  throw new Error(`making the link path of ${formatImageRef(ref)}: the reference has neither tag nor digest`);
}

/**
 * The same image under another tag. A digest, if any, is kept: the result
 * names that tag pinned to the same manifest (what extra tags mean).
 * Throws InvalidReferenceError for an invalid tag or a wildcard.
 */
export function withTag(ref: ImageRef, tag: string): ImageRef {
  validateTag(tag, false, (reason) => {
    throw new InvalidReferenceError(`${ref.registry}/${ref.repository}:${tag}`, reason);
  });
  return { ...ref, tag };
}

/** Whether the tag is a pattern ('*'), to be expanded against the registry's tag list. */
export function isWildcard(ref: ImageRef): boolean {
  return ref.tag?.includes('*') ?? false;
}

/** Whether `tag` matches the wildcard tag of `ref` (or equals its plain tag). */
export function matchesTag(ref: ImageRef, tag: string): boolean {
  return ref.tag !== undefined && matchGlob(ref.tag, tag);
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  InvalidReferenceError,
  formatImageRef,
  formatUrlRef,
  isWildcard,
  parseImageRef,
  publicLinkPath,
  registryBaseUrl,
  withTag,
  type ImageRef,
} from '../../src/reference/index.ts';

const HUB = 'registry.hub.docker.com';
const SHA = `sha256:${'0123456789abcdef'.repeat(4)}`;
const SHA512 = `sha512:${'0123456789abcdef'.repeat(8)}`;

describe('parseImageRef accepts and normalises', () => {
  test.each<[string, ImageRef]>([
    // DUCC / recipe form
    ['https://registry.hub.docker.com/library/centos:centos7', { scheme: 'https', registry: HUB, repository: 'library/centos', tag: 'centos7' }],
    ['https://registry.hub.docker.com/centos:centos7', { scheme: 'https', registry: HUB, repository: 'library/centos', tag: 'centos7' }],
    [
      'https://gitlab-p4n.aip.de:5005/compute4punch/container-stacks/wlcg-wn:latest',
      { scheme: 'https', registry: 'gitlab-p4n.aip.de:5005', repository: 'compute4punch/container-stacks/wlcg-wn', tag: 'latest' },
    ],
    ['https://quay.io/stimela/casa:1.7.1', { scheme: 'https', registry: 'quay.io', repository: 'stimela/casa', tag: '1.7.1' }],
    ['HTTPS://Quay.IO/stimela/casa:1.7.1', { scheme: 'https', registry: 'quay.io', repository: 'stimela/casa', tag: '1.7.1' }],
    ['https://quay.io/stimela/casa', { scheme: 'https', registry: 'quay.io', repository: 'stimela/casa', tag: 'latest' }],
    // plain-HTTP registry
    ['http://127.0.0.1:5000/repo:tag', { scheme: 'http', registry: '127.0.0.1:5000', repository: 'repo', tag: 'tag' }],
    ['http://localhost:5000/a/b', { scheme: 'http', registry: 'localhost:5000', repository: 'a/b', tag: 'latest' }],
    // Docker short forms
    ['centos:7', { scheme: 'https', registry: HUB, repository: 'library/centos', tag: '7' }],
    ['centos', { scheme: 'https', registry: HUB, repository: 'library/centos', tag: 'latest' }],
    ['user/img', { scheme: 'https', registry: HUB, repository: 'user/img', tag: 'latest' }],
    ['user/img:1.0', { scheme: 'https', registry: HUB, repository: 'user/img', tag: '1.0' }],
    [`img@${SHA}`, { scheme: 'https', registry: HUB, repository: 'library/img', digest: SHA }],
    ['docker.io/library/x', { scheme: 'https', registry: HUB, repository: 'library/x', tag: 'latest' }],
    ['docker.io/x', { scheme: 'https', registry: HUB, repository: 'library/x', tag: 'latest' }],
    ['index.docker.io/x', { scheme: 'https', registry: HUB, repository: 'library/x', tag: 'latest' }],
    ['registry-1.docker.io/x:2', { scheme: 'https', registry: HUB, repository: 'library/x', tag: '2' }],
    ['registry.hub.docker.com/user/x', { scheme: 'https', registry: HUB, repository: 'user/x', tag: 'latest' }],
    ['localhost/x', { scheme: 'https', registry: 'localhost', repository: 'x', tag: 'latest' }],
    ['localhost:5000/x:1', { scheme: 'https', registry: 'localhost:5000', repository: 'x', tag: '1' }],
    ['ghcr.io/org/app:v1', { scheme: 'https', registry: 'ghcr.io', repository: 'org/app', tag: 'v1' }],
    ['myhost:5005/group/sub/app', { scheme: 'https', registry: 'myhost:5005', repository: 'group/sub/app', tag: 'latest' }],
    // a first component without '.', ':' or 'localhost' is a Docker Hub user
    ['myhost/app', { scheme: 'https', registry: HUB, repository: 'myhost/app', tag: 'latest' }],
    // tag and digest together; digest only
    [`ghcr.io/org/app:v1@${SHA}`, { scheme: 'https', registry: 'ghcr.io', repository: 'org/app', tag: 'v1', digest: SHA }],
    [`https://host:5005/a/b@${SHA}`, { scheme: 'https', registry: 'host:5005', repository: 'a/b', digest: SHA }],
    [`quay.io/a/b@${SHA512}`, { scheme: 'https', registry: 'quay.io', repository: 'a/b', digest: SHA512 }],
    // separators of Distribution's grammar
    ['https://ghcr.io/dluitz/bonn-comp-phys-c--dev:main', { scheme: 'https', registry: 'ghcr.io', repository: 'dluitz/bonn-comp-phys-c--dev', tag: 'main' }],
    ['quay.io/a__b/c.d_e-f:T_1.x-Y', { scheme: 'https', registry: 'quay.io', repository: 'a__b/c.d_e-f', tag: 'T_1.x-Y' }],
    ['quay.io/a/b:_tag', { scheme: 'https', registry: 'quay.io', repository: 'a/b', tag: '_tag' }],
    [`quay.io/a/b:${'t'.repeat(128)}`, { scheme: 'https', registry: 'quay.io', repository: 'a/b', tag: 't'.repeat(128) }],
  ])('%s', (input, expected) => {
    expect(parseImageRef(input)).toEqual(expected);
  });

  test('defaultTag replaces latest', () => {
    expect(parseImageRef('centos', { defaultTag: 'stable' }).tag).toBe('stable');
    expect(parseImageRef('centos:7', { defaultTag: 'stable' }).tag).toBe('7');
    expect(parseImageRef(`centos@${SHA}`, { defaultTag: 'stable' }).tag).toBeUndefined();
  });
});

describe('wildcard tags', () => {
  test.each([
    ['https://ghcr.io/watonomous/actions-runner-image:*', '*'],
    ['pyhf/pyhf:*', '*'],
    ['atlas/analysisbase:21.2.1*', '21.2.1*'],
    ['quay.io/a/b:*-py3', '*-py3'],
    ['quay.io/a/b:v*.*', 'v*.*'],
  ])('%s is accepted with allowWildcard', (input, tag) => {
    const ref = parseImageRef(input, { allowWildcard: true });
    expect(ref.tag).toBe(tag);
    expect(isWildcard(ref)).toBe(true);
  });

  test.each(['pyhf/pyhf:*', 'atlas/analysisbase:21.2.1*'])('%s is refused without allowWildcard', (input) => {
    expect(() => parseImageRef(input)).toThrow(/wildcard tag .* is not allowed here/);
  });

  test.each([
    ['quay.io/a/*:1', /only allowed in the tag/],
    ['quay.io/*/b:1', /only allowed in the tag/],
    [`quay.io/a/b:*@${SHA}`, /cannot be combined with a digest/],
  ])('%s is refused even with allowWildcard', (input, reason) => {
    expect(() => parseImageRef(input, { allowWildcard: true })).toThrow(reason);
  });

  test('a plain tag is not a wildcard', () => {
    expect(isWildcard(parseImageRef('centos:7'))).toBe(false);
    expect(isWildcard(parseImageRef(`centos@${SHA}`))).toBe(false);
  });
});

describe('parseImageRef refuses', () => {
  test.each<[string, RegExp]>([
    ['', /is empty/],
    ['centos 7', /contains whitespace/],
    [' centos', /contains whitespace/],
    ['centos\t', /contains whitespace/],
    ['cent\nos', /contains whitespace/],
    ['quay.io/a/../b', /path component "\.\." is not allowed/],
    ['quay.io/../b', /path component "\.\." is not allowed/],
    ['quay.io/./b', /path component "\." is not allowed/],
    ['https://quay.io/a/..:1', /path component "\.\." is not allowed/],
    ['quay.io/a//b', /empty path component/],
    ['quay.io/a/b/', /empty path component/],
    ['https://quay.io/', /repository name is empty/],
    ['https://quay.io', /no repository path/],
    ['https:///a/b', /no registry host/],
    ['a;rm -rf', /whitespace/],
    ['a;b', /shell metacharacter ";"/],
    ['a|b', /shell metacharacter "\|"/],
    ['a&b', /shell metacharacter "&"/],
    ['a$b', /shell metacharacter "\$"/],
    ['a`id`', /shell metacharacter "`"/],
    ["a'b", /shell metacharacter "'"/],
    ['a"b', /shell metacharacter "\\""/],
    ['a<b', /shell metacharacter "<"/],
    ['a>b', /shell metacharacter ">"/],
    ['$(id)/x', /shell metacharacter "\$"/],
    ['a\\b', /shell metacharacter "\\\\"/],
    ['quay.io/a/b:é', /character "é"/],
    ['Centos', /must be lower case/],
    ['quay.io/Org/app', /must be lower case/],
    ['https://registry.hub.docker.com/Library/centos:7', /must be lower case/],
    ['quay.io/a/-b', /not a valid repository path component/],
    ['quay.io/a/b_', /not a valid repository path component/],
    ['quay.io/a/b___c', /not a valid repository path component/],
    ['quay.io/a/b..c', /not a valid repository path component/],
    ['quay.io/a/b:', /tag after ":" is empty/],
    ['quay.io/a/b:.x', /tag "\.x" is not valid/],
    ['quay.io/a/b:-x', /tag "-x" is not valid/],
    [`quay.io/a/b:${'t'.repeat(129)}`, /is not valid/],
    ['quay.io/a/b:x:y', /not a valid repository path component/],
    ['quay.io/a/b@sha256:abc', /digest "sha256:abc" is not valid/],
    [`quay.io/a/b@${SHA.toUpperCase()}`, /digest .* is not valid/],
    [`quay.io/a/b@md5:${'0'.repeat(32)}`, /digest .* is not valid/],
    [`quay.io/a/b@`, /digest "" is not valid/],
    [`quay.io/a/b@${SHA}@${SHA}`, /more than one "@"/],
    ['ftp://quay.io/a/b', /unsupported URL scheme "ftp:\/\/"/],
    ['docker://quay.io/a/b', /unsupported URL scheme/],
    ['https://user:pass@quay.io/a/b:1', /credentials/],
    ['https://token@quay.io/a/b', /credentials/],
    ['https://quay.io/a/b:1?x=y', /URL query/],
    ['https://quay.io/a/b:1#frag', /URL fragment/],
    ['https://quay.io:99999/a/b', /port "99999"/],
    ['https://quay.io:0/a/b', /port "0"/],
    ['https://quay.io:/a/b', /port ""/],
    ['https://-bad.io/a/b', /not a valid host name/],
    ['https://bad..io/a/b', /not a valid host name/],
    [`quay.io/${'a'.repeat(250)}`, /longer than 255/],
  ])('%j', (input, reason) => {
    let error: unknown;
    try {
      parseImageRef(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidReferenceError);
    const invalid = error as InvalidReferenceError;
    expect(invalid.input).toBe(input);
    expect(invalid.message).toContain(JSON.stringify(input));
    expect(invalid.message).toMatch(reason);
  });

  test('an invalid defaultTag is refused', () => {
    expect(() => parseImageRef('centos', { defaultTag: '-x' })).toThrow(/default tag: the tag "-x" is not valid/);
    expect(() => parseImageRef('centos', { defaultTag: '*', allowWildcard: true })).toThrow(/default tag/);
  });
});

describe('formatting', () => {
  test.each<[string, string, string, string]>([
    // input, formatImageRef, formatUrlRef, publicLinkPath
    ['centos:7', `${HUB}/library/centos:7`, `https://${HUB}/library/centos:7`, `${HUB}/library/centos:7`],
    [
      'https://gitlab-p4n.aip.de:5005/compute4punch/container-stacks/wlcg-wn:latest',
      'gitlab-p4n.aip.de:5005/compute4punch/container-stacks/wlcg-wn:latest',
      'https://gitlab-p4n.aip.de:5005/compute4punch/container-stacks/wlcg-wn:latest',
      'gitlab-p4n.aip.de:5005/compute4punch/container-stacks/wlcg-wn:latest',
    ],
    [`quay.io/a/b@${SHA}`, `quay.io/a/b@${SHA}`, `https://quay.io/a/b@${SHA}`, `quay.io/a/b@${SHA}`],
    [`quay.io/a/b:1@${SHA}`, `quay.io/a/b:1@${SHA}`, `https://quay.io/a/b:1@${SHA}`, 'quay.io/a/b:1'],
    ['http://127.0.0.1:5000/repo:tag', 'http://127.0.0.1:5000/repo:tag', 'http://127.0.0.1:5000/repo:tag', '127.0.0.1:5000/repo:tag'],
  ])('%s', (input, formatted, url, link) => {
    const ref = parseImageRef(input);
    expect(formatImageRef(ref)).toBe(formatted);
    expect(formatUrlRef(ref)).toBe(url);
    expect(publicLinkPath(ref)).toBe(link);
    // Both spellings read back to the same reference.
    expect(parseImageRef(formatted)).toEqual(ref);
    expect(parseImageRef(url)).toEqual(ref);
  });

  test('a wildcard has no link path', () => {
    expect(() => publicLinkPath(parseImageRef('a/b:*', { allowWildcard: true }))).toThrow(/wildcard tag has no link/);
  });

  test.each([
    ['centos:7', 'https://registry-1.docker.io'],
    ['docker.io/user/x', 'https://registry-1.docker.io'],
    ['https://quay.io/a/b', 'https://quay.io'],
    ['host.example:5005/a/b', 'https://host.example:5005'],
    ['http://127.0.0.1:5000/repo', 'http://127.0.0.1:5000'],
  ])('registryBaseUrl(%s) = %s', (input, url) => {
    expect(registryBaseUrl(parseImageRef(input))).toBe(url);
  });
});

describe('withTag', () => {
  test('replaces the tag and keeps the rest', () => {
    const ref = parseImageRef('https://quay.io/a/b:*', { allowWildcard: true });
    expect(withTag(ref, '1.0')).toEqual({ scheme: 'https', registry: 'quay.io', repository: 'a/b', tag: '1.0' });
    expect(ref.tag).toBe('*');
  });

  test('keeps a digest: the new tag names the same manifest', () => {
    const ref = parseImageRef(`quay.io/a/b@${SHA}`);
    expect(formatImageRef(withTag(ref, 'latest'))).toBe(`quay.io/a/b:latest@${SHA}`);
  });

  test.each(['', '-x', 'a*', 'a b', 'x;y'])('refuses the tag %j', (tag) => {
    expect(() => withTag(parseImageRef('quay.io/a/b'), tag)).toThrow(InvalidReferenceError);
  });
});

describe('the unpacked.cern.ch wishlist', () => {
  const file = fileURLToPath(new URL('../recipe/fixtures/images-unpacked.cern.ch.recipe.yaml', import.meta.url));
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^\s+-\s+'(.*)'\s*$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined);

  test('has the inputs we expect to read', () => {
    expect(lines).toHaveLength(47);
  });

  test.each(lines)('%s', (line) => {
    const ref = parseImageRef(line, { allowWildcard: true });
    // The recipe spells every image as https://<registry>/<repository>:<tag>, already normalised.
    expect(formatUrlRef(ref)).toBe(line);
    expect(ref.scheme).toBe('https');
    expect(ref.digest).toBeUndefined();
    expect(isWildcard(ref)).toBe(line.endsWith(':*'));
  });
});

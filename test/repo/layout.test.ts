import { describe, expect, test } from 'vitest';
import {
  archSegment,
  catalogMarkers,
  checkLinkPath,
  digestHex,
  flatDir,
  layerDir,
  layerMetaDir,
  layerfsDir,
  metadataDir,
  multiarchLink,
  multiarchMetadataDir,
  relativeLinkTarget,
  relativeMultiarchTarget,
} from '../../src/repo/index.ts';
import { posix } from 'node:path';

const HEX = '7b47b1ff3c2b2e5b4d5ae2ae6a0bb7f0e4b0e9d4f4e6d7f1c1a1b2c3d4e5f607';
const D = `sha256:${HEX}`;
const L = `sha256:${'ab'.repeat(32)}`;

describe('layout paths', () => {
  test.each([
    ['layerDir', layerDir(L), `.layers/ab/${'ab'.repeat(32)}`],
    ['layerfsDir', layerfsDir(L), `.layers/ab/${'ab'.repeat(32)}/layerfs`],
    ['layerMetaDir', layerMetaDir(L), `.layers/ab/${'ab'.repeat(32)}/.metadata`],
    ['flatDir', flatDir(D), `.flat/7b/${HEX}`],
    ['metadataDir', metadataDir('registry.hub.docker.com/library/centos:centos7'), '.metadata/registry.hub.docker.com/library/centos:centos7'],
    ['metadataDir digest', metadataDir(`host:5005/a/b@${D}`), `.metadata/host:5005/a/b@${D}`],
    ['multiarchLink', multiarchLink('ghcr.io/o/i:1', { architecture: 'arm64', variant: 'v8' }), '.multiarch/arm64:v8/ghcr.io/o/i:1'],
    ['multiarchMetadataDir', multiarchMetadataDir('ghcr.io/o/i:1', { architecture: 'amd64' }), '.metadata/.multiarch/amd64/ghcr.io/o/i:1'],
  ])('%s', (_name, got, want) => expect(got).toBe(want));

  test.each([
    ['registry.hub.docker.com/library/centos:centos7', `../../.flat/7b/${HEX}`],
    ['host:5005/img:1', `../.flat/7b/${HEX}`],
    ['gitlab-registry.cern.ch/a/b/c/d:tag', `../../../../.flat/7b/${HEX}`],
    [`ghcr.io/o/i@${L}`, `../../.flat/7b/${HEX}`],
  ])('relative link target of %s', (link, want) => {
    expect(relativeLinkTarget(link, D)).toBe(want);
    // The target, resolved from the link's directory, is the flat dir at the root.
    expect(posix.normalize(posix.join(posix.dirname(link), want))).toBe(flatDir(D));
  });

  test('multiarch link target resolves to the flat dir', () => {
    const p = { architecture: 'arm', variant: 'v7' };
    const t = relativeMultiarchTarget('ghcr.io/o/i:1', p, D);
    expect(posix.normalize(posix.join(posix.dirname(multiarchLink('ghcr.io/o/i:1', p)), t))).toBe(flatDir(D));
  });

  test.each([
    'sha256:../../etc/passwd',
    `sha256:${HEX}/..`,
    `sha256:${HEX.toUpperCase()}`,
    `sha512:${HEX}`,
    HEX,
    `sha256:${HEX.slice(1)}`,
    `sha256:${HEX}\n`,
    '',
  ])('hostile digest %j is refused', (d) => {
    expect(() => digestHex(d)).toThrow(/invalid digest/);
    expect(() => layerDir(d)).toThrow();
    expect(() => flatDir(d)).toThrow();
  });

  test.each([
    '../etc/passwd:x',
    '/abs/path:tag',
    'reg//repo:tag',
    'reg/./repo:tag',
    'reg/../repo:tag',
    '.layers/x:y',
    '.flat/a:b',
    'registry/repo',
    'reg/repo:t\0',
    'noslash:tag',
  ])('hostile link path %j is refused', (p) => {
    expect(() => checkLinkPath(p)).toThrow(/invalid image link path/);
    expect(() => metadataDir(p)).toThrow();
  });

  test.each([
    [{ architecture: '../x' }],
    [{ architecture: 'amd64', variant: 'v8/..' }],
    [{ architecture: '' }],
  ])('hostile platform %j is refused', (p) => expect(() => archSegment(p)).toThrow());

  test('catalog markers', () => {
    expect(catalogMarkers({ layers: [L], flats: [D] })).toEqual([
      '.flat/.cvmfscatalog',
      `.flat/7b/${HEX}/.cvmfscatalog`,
      '.layers/.cvmfscatalog',
      '.layers/ab/.cvmfscatalog',
      `.layers/ab/${'ab'.repeat(32)}/layerfs/.cvmfscatalog`,
    ]);
    expect(catalogMarkers()).toEqual(['.flat/.cvmfscatalog', '.layers/.cvmfscatalog']);
  });
});

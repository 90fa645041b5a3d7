import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { distributionImages, harborImages } from '../../src/agent/webhooks.ts';
import { parseImageRef } from '../../src/reference/index.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), 'utf8'));

describe('distributionImages', () => {
  test.each([
    ['a tagged manifest push', 'distribution-manifest-push.json', undefined, ['http://127.0.0.1:5998/group/app:1.0'], 0],
    ['a blob push is ignored', 'distribution-blob-push.json', undefined, [], 1],
    ['a blob pull is ignored', 'distribution-blob-pull.json', undefined, [], 1],
    ['a mixed envelope: only the two tagged manifests', 'distribution-envelope-mixed.json', undefined, ['http://127.0.0.1:5998/group/app:1.0', 'http://127.0.0.1:5998/group/app:1.1'], 3],
    ['the registry override names the host', 'distribution-manifest-push.json', 'registry.example.org', ['https://registry.example.org/group/app:1.0'], 0],
    ['an http override keeps plain HTTP', 'distribution-manifest-push.json', 'http://10.0.0.5:5000/', ['http://10.0.0.5:5000/group/app:1.0'], 0],
  ])('%s', (_name, file, override, images, ignored) => {
    const found = distributionImages(fixture(file), override);
    expect(found).toEqual({ images, ignored });
    for (const image of found.images) expect(() => parseImageRef(image)).not.toThrow();
  });

  test('a manifest push by digest (no tag) is ignored', () => {
    const body = fixture('distribution-manifest-push.json') as { events: { target: Record<string, unknown> }[] };
    delete body.events[0]!.target.tag;
    expect(distributionImages(body)).toEqual({ images: [], ignored: 1 });
  });

  test('a pushed manifest list counts', () => {
    const body = fixture('distribution-manifest-push.json') as { events: { target: Record<string, unknown> }[] };
    body.events[0]!.target.mediaType = 'application/vnd.docker.distribution.manifest.list.v2+json';
    expect(distributionImages(body).images).toEqual(['http://127.0.0.1:5998/group/app:1.0']);
  });

  test('a body that is not an envelope is refused', () => {
    expect(() => distributionImages({ type: 'PUSH_ARTIFACT' })).toThrow();
  });
});

describe('harborImages', () => {
  test.each([
    ['PUSH_ARTIFACT by tag', 'harbor-push-artifact.json', undefined, ['harbor.example.org/physics/analysis:2.1.0'], 0],
    ['PUSH_ARTIFACT by digest is skipped', 'harbor-push-by-digest.json', undefined, [], 1],
    ['PULL_ARTIFACT is ignored', 'harbor-pull-artifact.json', undefined, [], 1],
    ['CloudEvents harbor.artifact.pushed', 'harbor-cloudevents-push.json', undefined, ['harbor.example.org/physics/analysis:latest'], 0],
    ['the registry override replaces the host', 'harbor-push-artifact.json', 'http://127.0.0.1:5000', ['http://127.0.0.1:5000/physics/analysis:2.1.0'], 0],
  ])('%s', (_name, file, override, images, ignored) => {
    const found = harborImages(fixture(file), override);
    expect(found).toEqual({ images, ignored });
    for (const image of found.images) expect(() => parseImageRef(image)).not.toThrow();
  });

  test('a Distribution envelope is not a Harbor payload', () => {
    expect(() => harborImages(fixture('distribution-manifest-push.json'))).toThrow();
  });
});

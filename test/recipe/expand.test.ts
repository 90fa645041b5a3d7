import { describe, expect, test } from 'vitest';
import { formatImageRef, parseImageRef, type ImageRef } from '../../src/reference/index.ts';
import { DEFAULT_OUTPUT_FORMAT, expandOutputFormat, expandWildcards, parseRecipe } from '../../src/recipe/index.ts';

const SHA = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;

describe('expandOutputFormat (DUCC placeholders)', () => {
  test.each<[string, string, string | undefined, string]>([
    ['https://gitlab-registry.cern.ch/unpacked/sync/$(image)', 'https://quay.io/stimela/casa:1.7.1', undefined, 'https://gitlab-registry.cern.ch/unpacked/sync/stimela/casa:1.7.1'],
    [DEFAULT_OUTPUT_FORMAT, 'https://host:5005/g/app:1.0', undefined, 'https://host:5005/g/app_thin:1.0'],
    [DEFAULT_OUTPUT_FORMAT, 'http://127.0.0.1:5000/app:t', undefined, 'http://127.0.0.1:5000/app_thin:t'],
    ['$(scheme)|$(registry)|$(repository)|$(tag)|$(digest)|$(reference)', 'centos:7', undefined, `https|registry.hub.docker.com|library/centos|7||:7`],
    // $(digest): the input's own digest, else the resolved one
    ['$(tag)|$(digest)|$(reference)|$(image)', `quay.io/a/b@${SHA}`, undefined, `|${SHA}|@${SHA}|a/b@${SHA}`],
    ['$(tag)|$(digest)|$(reference)|$(image)', `quay.io/a/b:1@${SHA}`, OTHER, `1|${SHA}|:1@${SHA}|a/b:1@${SHA}`],
    ['$(digest)|$(reference)', 'quay.io/a/b:1', SHA, `${SHA}|:1`],
    // every occurrence is replaced; unknown placeholders stay
    ['$(tag)-$(tag)-$(tag)-$(tag)-$(tag)-$(tag)', 'a:x', undefined, 'x-x-x-x-x-x'],
    ['$(name)/$(image)$', 'a:x', undefined, '$(name)/library/a:x$'],
    ['no placeholders', 'a:x', undefined, 'no placeholders'],
  ])('%s with %s', (format, input, digest, expected) => {
    expect(expandOutputFormat(format, parseImageRef(input), digest)).toBe(expected);
  });
});

/** A fake registry: tags per repository, or an error. */
function fakeRegistry(repos: Record<string, string[] | Error>) {
  const calls: string[] = [];
  const listTags = async (ref: ImageRef): Promise<string[]> => {
    const key = `${ref.registry}/${ref.repository}`;
    calls.push(key);
    const tags = repos[key];
    if (tags === undefined) throw new Error('404 name unknown');
    if (tags instanceof Error) throw tags;
    return tags;
  };
  return { listTags, calls };
}

const recipeOf = (...inputs: string[]) => parseRecipe(`version: 1\ninput:\n${inputs.map((i) => `  - ${JSON.stringify(i)}\n`).join('')}`);

describe('expandWildcards', () => {
  const registry = fakeRegistry({
    'registry.hub.docker.com/pyhf/pyhf': ['latest', '0.7.6', '0.7.5', 'latest-stable'],
    'registry.hub.docker.com/atlas/analysisbase': ['21.2.2', '21.2.10', '21.2.1', '21.2.15', '21x2x1', '22.2.1', '21.2.1-el9'],
    'quay.io/org/app': ['1.0', '1.1'],
    'quay.io/down/app': new Error('503 service unavailable'),
    'quay.io/bad/app': ['ok-1', 'ok-.bad', '-bad'],
  });

  test.each<[string, string[]]>([
    ['pyhf/pyhf:*', ['0.7.5', '0.7.6', 'latest', 'latest-stable']],
    ['pyhf/pyhf:latest*', ['latest', 'latest-stable']],
    ['pyhf/pyhf:0.8*', []],
    // sorted by code unit: '-' before '0'
    ['atlas/analysisbase:21.2.1*', ['21.2.1', '21.2.1-el9', '21.2.10', '21.2.15']],
    ['atlas/analysisbase:*.2.1', ['21.2.1', '22.2.1']],
    ['quay.io/org/app:1.*', ['1.0', '1.1']],
    ['quay.io/org/app:2*', []],
  ])('%s -> %j', async (input, tags) => {
    const { refs, errors } = await expandWildcards(recipeOf(input), registry.listTags);
    expect(errors).toEqual([]);
    expect(refs.map((r) => r.ref.tag)).toEqual(tags);
    for (const r of refs) {
      expect(r.source).toBe(input);
      expect(r.line).toBe(3);
    }
  });

  test('plain inputs pass through unchanged and are not listed', async () => {
    const { listTags, calls } = fakeRegistry({});
    const recipe = recipeOf('alpine:3.20', `quay.io/a/b@${SHA}`);
    const { refs, errors, unmatched } = await expandWildcards(recipe, listTags);
    expect(refs).toEqual(recipe.inputs);
    expect(errors).toEqual([]);
    expect(unmatched).toEqual([]);
    expect(calls).toEqual([]);
  });

  test('order of the recipe is kept, expansions in place, duplicates removed (first kept)', async () => {
    const recipe = recipeOf('quay.io/org/app:1.1', 'alpine', 'quay.io/org/app:*', 'pyhf/pyhf:0.7*');
    const { refs } = await expandWildcards(recipe, registry.listTags);
    expect(refs.map((r) => [formatImageRef(r.ref), r.source])).toEqual([
      ['quay.io/org/app:1.1', 'quay.io/org/app:1.1'],
      ['registry.hub.docker.com/library/alpine:latest', 'alpine'],
      ['quay.io/org/app:1.0', 'quay.io/org/app:*'],
      ['registry.hub.docker.com/pyhf/pyhf:0.7.5', 'pyhf/pyhf:0.7*'],
      ['registry.hub.docker.com/pyhf/pyhf:0.7.6', 'pyhf/pyhf:0.7*'],
    ]);
  });

  test('one failing listing is reported and does not stop the others', async () => {
    const recipe = recipeOf('quay.io/down/app:*', 'quay.io/org/app:*', 'quay.io/gone/app:v*', 'alpine');
    const { refs, errors } = await expandWildcards(recipe, registry.listTags);
    expect(refs.map((r) => formatImageRef(r.ref))).toEqual([
      'quay.io/org/app:1.0',
      'quay.io/org/app:1.1',
      'registry.hub.docker.com/library/alpine:latest',
    ]);
    expect(errors.map((e) => [e.input.source, e.error.message])).toEqual([
      ['quay.io/down/app:*', 'listing the tags of quay.io/down/app to expand "*": 503 service unavailable'],
      ['quay.io/gone/app:v*', 'listing the tags of quay.io/gone/app to expand "v*": 404 name unknown'],
    ]);
    expect(errors[0]!.error.cause).toBeInstanceOf(Error);
  });

  test('invalid tags from the registry are reported, valid ones kept', async () => {
    const { refs, errors } = await expandWildcards(recipeOf('quay.io/bad/app:*'), registry.listTags);
    expect(refs.map((r) => r.ref.tag)).toEqual(['ok-.bad', 'ok-1']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error.message).toMatch(/expanding quay\.io\/bad\/app:\*: the registry listed an invalid tag: .*"-bad" is not valid/);
  });

  test('a wildcard matching nothing is listed as unmatched, not as an error', async () => {
    const recipe = recipeOf('quay.io/org/app:9*', 'quay.io/org/app:1*');
    const { refs, errors, unmatched } = await expandWildcards(recipe, registry.listTags);
    expect(refs).toHaveLength(2);
    expect(errors).toEqual([]);
    expect(unmatched.map((u) => u.source)).toEqual(['quay.io/org/app:9*']);
  });

  test('per-input platforms and ignoreErrors carry over to the expanded inputs', async () => {
    const recipe = parseRecipe('version: 1\ninput:\n  - image: quay.io/org/app:*\n    platforms: [linux/arm64]\n    ignoreErrors: true\n');
    const { refs } = await expandWildcards(recipe, registry.listTags);
    expect(refs.map((r) => [r.ref.tag, r.platforms, r.ignoreErrors])).toEqual([
      ['1.0', ['linux/arm64'], true],
      ['1.1', ['linux/arm64'], true],
    ]);
  });
});

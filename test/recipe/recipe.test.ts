import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatImageRef, isWildcard } from '../../src/reference/index.ts';
import {
  RecipeError,
  inputPlatforms,
  isErrorIgnored,
  loadRecipe,
  parseRecipe,
  type Recipe,
} from '../../src/recipe/index.ts';

const fixture = fileURLToPath(new URL('./fixtures/images-unpacked.cern.ch.recipe.yaml', import.meta.url));
const example = fileURLToPath(new URL('../../recipe.yaml', import.meta.url));

/** The RecipeError thrown by parsing `text`. */
function recipeError(text: string, file?: string): RecipeError {
  try {
    parseRecipe(text, file);
  } catch (error) {
    if (error instanceof RecipeError) return error;
    throw error;
  }
  throw new Error('expected a RecipeError');
}

describe('the unpacked.cern.ch wishlist, unchanged', () => {
  const text = readFileSync(fixture, 'utf8');
  const lines = text.split('\n');
  const recipe = parseRecipe(text, 'images-unpacked.cern.ch.recipe.yaml');

  test('top-level keys', () => {
    expect(recipe.version).toBe(1);
    expect(recipe.user).toBe('cvmfsunpacker');
    expect(recipe.cvmfsRepo).toBe('unpacked.cern.ch');
    expect(recipe.outputFormat).toBe('https://gitlab-registry.cern.ch/unpacked/sync/$(image)');
    expect(recipe.platforms).toEqual(['linux/amd64']);
    expect(recipe.ignoreErrors).toEqual([]);
    expect(recipe.file).toBe('images-unpacked.cern.ch.recipe.yaml');
  });

  test('47 items, one duplicate removed, the first kept', () => {
    expect(lines.filter((l) => /^\s+- /.test(l))).toHaveLength(47);
    expect(recipe.inputs).toHaveLength(46);
    const pybdsf = recipe.inputs.filter((i) => i.ref.repository === 'stimela/pybdsf');
    expect(pybdsf).toHaveLength(1);
    expect(pybdsf[0]!.line).toBe(lines.findIndex((l) => l.includes('stimela/pybdsf:1.6.6')) + 1);
  });

  test('every input keeps its text and line', () => {
    for (const input of recipe.inputs) {
      expect(lines[input.line - 1]).toContain(`'${input.source}'`);
      expect(`https://${formatImageRef(input.ref)}`).toBe(input.source);
      expect(input.platforms).toBeUndefined();
    }
    expect(recipe.inputs[0]!.line).toBe(6);
  });

  test('the registry with a port', () => {
    const aip = recipe.inputs.filter((i) => i.ref.registry === 'gitlab-p4n.aip.de:5005');
    expect(aip).toHaveLength(12);
    expect(aip.map((i) => i.ref.repository)).toContain('compute4punch/container-stacks/caracal_container_new_stimela');
  });

  test('the wildcard entry', () => {
    const wild = recipe.inputs.filter((i) => isWildcard(i.ref));
    expect(wild.map((i) => formatImageRef(i.ref))).toEqual(['ghcr.io/watonomous/actions-runner-image:*']);
  });

  test('Docker Hub, quay.io, ghcr.io and nvcr.io', () => {
    const registries = new Set(recipe.inputs.map((i) => i.ref.registry));
    expect([...registries].sort()).toEqual(['ghcr.io', 'gitlab-p4n.aip.de:5005', 'nvcr.io', 'quay.io', 'registry.hub.docker.com']);
  });
});

describe('extensions', () => {
  const recipe = parseRecipe(
    [
      'version: 1',
      'platforms: [linux/amd64, linux/arm64, linux/arm64]',
      'ignoreErrors: ["quay.io/flaky/*", "https://ghcr.io/org/*"]',
      'input:',
      '  - alpine:3.20',
      '  - image: quay.io/org/app:1.0',
      '    platforms: [linux/arm64/v8]',
      '  - { image: "ghcr.io/org/tool:*", ignoreErrors: true }',
      '  - registry.hub.docker.com/library/alpine:3.20',
      '  - docker.io/alpine:3.20',
    ].join('\n'),
  );

  test('platforms are de-duplicated; inputs without their own use them', () => {
    expect(recipe.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(inputPlatforms(recipe, recipe.inputs[0]!)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(inputPlatforms(recipe, recipe.inputs[1]!)).toEqual(['linux/arm64/v8']);
  });

  test('object items and short references; normalised duplicates removed', () => {
    expect(recipe.inputs.map((i) => [formatImageRef(i.ref), i.source, i.line, i.ignoreErrors])).toEqual([
      ['registry.hub.docker.com/library/alpine:3.20', 'alpine:3.20', 5, undefined],
      ['quay.io/org/app:1.0', 'quay.io/org/app:1.0', 6, undefined],
      ['ghcr.io/org/tool:*', 'ghcr.io/org/tool:*', 8, true],
    ]);
  });

  const input = (source: string, ignoreErrors?: boolean) => {
    const r = parseRecipe(`version: 1\ninput: [${JSON.stringify(source)}]`).inputs[0]!;
    return ignoreErrors === undefined ? r : { ...r, ignoreErrors };
  };
  test.each<[string, boolean | undefined, boolean]>([
    ['quay.io/flaky/app:1', undefined, true],
    ['https://quay.io/flaky/app:1', undefined, true],
    ['quay.io/flakyx/app:1', undefined, false],
    ['ghcr.io/org/app:2', undefined, true],
    ['ghcr.io/other/app:2', undefined, false],
    ['ghcr.io/other/app:2', true, true],
    ['alpine:3.20', undefined, false],
  ])('isErrorIgnored(%s, item ignoreErrors %s) = %s', (source, flag, expected) => {
    expect(isErrorIgnored(recipe, input(source, flag))).toBe(expected);
  });

  test('a pattern may be written like the input', () => {
    const r: Recipe = parseRecipe('version: 1\nignoreErrors: ["alpine:*"]\ninput: ["alpine:3.20", "alpine3:1"]');
    expect(r.inputs.map((i) => isErrorIgnored(r, i))).toEqual([true, false]);
  });
});

describe('errors name the file, the line and the problem', () => {
  test.each<[string, string, number | undefined, RegExp]>([
    ['whitespace in an input', 'version: 1\ninput:\n  - centos\n  - "foo bar"\n', 4, /^recipe\.yaml:4: input\[1\]: "foo bar" is not an image reference: contains whitespace$/],
    ['a wildcard in the repository', 'version: 1\ninput:\n  - "quay.io/*/x:1"\n', 3, /^recipe\.yaml:3: input\[0\]: .*only allowed in the tag$/],
    ['a shell metacharacter', 'version: 1\ninput:\n  - "a;b"\n', 3, /input\[0\]: "a;b" is not an image reference: contains the shell metacharacter ";"/],
    ['an upper-case repository', 'version: 1\ninput: [quay.io/Org/App]\n', 2, /input\[0\]: .*must be lower case/],
    ['a number as input', 'version: 1\ninput:\n  - 3\n', 3, /input\[0\]: expected an image reference \(a string\) or a mapping with the key image, got number 3/],
    ['a list as input', 'version: 1\ninput:\n  - [a]\n', 3, /input\[0\]: expected an image reference/],
    ['an object item without image', 'version: 1\ninput:\n  - platforms: [linux/amd64]\n', 3, /input\[0\]\.image: is required/],
    ['an unknown key in an object item', 'version: 1\ninput:\n  - image: a\n    platform: [linux/amd64]\n', 4, /input\[0\]\.platform: unknown key/],
    ['a bad image in an object item', 'version: 1\ninput:\n  - image: "a b"\n', 3, /input\[0\]\.image: "a b" is not an image reference/],
    ['a bad platform in an item', 'version: 1\ninput:\n  - image: a\n    platforms:\n      - linux\n', 5, /input\[0\]\.platforms\[0\]: "linux" is not a platform/],
    ['an empty platform list in an item', 'version: 1\ninput:\n  - image: a\n    platforms: []\n', 4, /input\[0\]\.platforms: expected at least one platform/],
    ['ignoreErrors not a boolean', 'version: 1\ninput:\n  - image: a\n    ignoreErrors: "yes"\n', 4, /input\[0\]\.ignoreErrors: expected true or false, got the string "yes"/],
    ['a bad default platform', 'version: 1\nplatforms: [linux/amd64, "Linux/ARM"]\ninput: []\n', 2, /platforms\[1\]: "Linux\/ARM" is not a platform/],
    ['an empty default platform list', 'version: 1\nplatforms: []\ninput: []\n', 2, /platforms: expected at least one platform/],
    ['an empty ignoreErrors pattern', 'version: 1\nignoreErrors: [""]\ninput: []\n', 2, /ignoreErrors\[0\]: expected a pattern/],
    ['ignoreErrors not a list', 'version: 1\nignoreErrors: "*"\ninput: []\n', 2, /ignoreErrors: expected a list, got the string "\*"/],
    ['version 2', 'version: 2\ninput: []\n', 1, /^recipe\.yaml:1: version: expected 1, got number 2$/],
    ['version as a string', 'input: []\nversion: "1"\n', 2, /version: expected 1, got the string "1"/],
    ['no version', 'input: []\n', 1, /version: is required/],
    ['no input', 'version: 1\n', 1, /input: is required/],
    ['an empty input', 'version: 1\ninput:\n', 2, /^recipe\.yaml:2: input: expected a list, got nothing$/],
    ['input as a string', 'version: 1\ninput: centos\n', 2, /input: expected a list, got the string "centos"/],
    ['user as a number', 'version: 1\nuser: 3\ninput: []\n', 2, /user: expected a string, got number 3/],
    ['a bad cvmfs_repo', 'version: 1\ncvmfs_repo: "../etc"\ninput: []\n', 2, /cvmfs_repo: "\.\.\/etc" is not a CVMFS repository name/],
    ['an unknown placeholder', "version: 1\noutput_format: '$(registry)/$(name)'\ninput: []\n", 2, /output_format: unknown placeholder "\$\(name\)"/],
    ['a misspelt key', 'version: 1\ninput: []\nouput_format: x\n', 3, /^recipe\.yaml:3: ouput_format: unknown key \(known keys: version, user, cvmfs_repo/],
    ['a list at the top', '- a\n', 1, /expected a mapping with the keys version and input/],
    ['an empty file', '', 1, /expected a mapping/],
    ['bad YAML', 'version: 1\ninput: [a\n', 3, /^recipe\.yaml:3: not valid YAML: /],
    ['a duplicate key', 'version: 1\ninput: []\nversion: 1\n', 3, /not valid YAML: Map keys must be unique/],
  ])('%s', (_name, text, line, message) => {
    const error = recipeError(text, 'recipe.yaml');
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line);
    expect(error.file).toBe('recipe.yaml');
  });

  test('every problem is reported, in the order of the file', () => {
    const error = recipeError('version: 1\nfoo: 1\ninput:\n  - "a b"\n  - ok\n  - "c|d"\n', 'r.yaml');
    expect(error.message.split('\n')).toEqual([
      expect.stringMatching(/^r\.yaml:2: foo: unknown key/),
      expect.stringMatching(/^r\.yaml:4: input\[0\]: "a b" .*whitespace$/),
      expect.stringMatching(/^r\.yaml:6: input\[2\]: "c\|d" .*shell metacharacter/),
    ]);
    expect(error.problems.map((p) => p.line)).toEqual([2, 4, 6]);
    expect(error.line).toBe(2);
  });

  test('without a file name, messages say <recipe>', () => {
    expect(recipeError('version: 2\ninput: []\n').message).toBe('<recipe>:1: version: expected 1, got number 2');
  });
});

describe('loadRecipe', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recipe-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('reads a file and names it in the recipe and in errors', async () => {
    const good = join(dir, 'good.yaml');
    await writeFile(good, 'version: 1\ninput: [alpine]\n');
    const recipe = await loadRecipe(good);
    expect(recipe.file).toBe(good);
    expect(recipe.inputs.map((i) => formatImageRef(i.ref))).toEqual(['registry.hub.docker.com/library/alpine:latest']);

    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'version: 1\ninput: ["a b"]\n');
    await expect(loadRecipe(bad)).rejects.toThrow(`${bad}:2: input[0]: "a b" is not an image reference: contains whitespace`);
  });

  test('a missing file is a RecipeError with the cause', async () => {
    const missing = join(dir, 'missing.yaml');
    const error = await loadRecipe(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecipeError);
    expect((error as RecipeError).message).toMatch(new RegExp(`^reading recipe ${missing}: ENOENT`));
    expect((error as RecipeError).cause).toMatchObject({ code: 'ENOENT' });
  });

  test('the example recipe.yaml at the top of the repository is valid', async () => {
    const recipe = await loadRecipe(example);
    expect(recipe.inputs.length).toBeGreaterThanOrEqual(2);
    expect(recipe.inputs.some((i) => isWildcard(i.ref))).toBe(true);
  });
});

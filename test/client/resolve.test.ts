import { describe, expect, test } from 'vitest';
import { ResolveError, resolveImages, splitList } from '../../src/client/index.ts';

const D = `sha256:${'a'.repeat(64)}`;
const E = `sha256:${'b'.repeat(64)}`;

describe('splitList', () => {
  test.each([
    ['a', ['a']],
    ['a\nb\n', ['a', 'b']],
    ['a, b,c', ['a', 'b', 'c']],
    ['  a  b\r\n c ', ['a', 'b', 'c']],
    ['', []],
    ['\n \n', []],
  ])('%j -> %j', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});

describe('resolveImages', () => {
  test.each<[string, string, string[], { digest?: string }, Array<{ image: string; extraTags: string[] }>]>([
    ['one reference', 'ghcr.io/org/app:1.0', [], {}, [{ image: 'ghcr.io/org/app:1.0', extraTags: [] }]],
    ['extra tags', 'ghcr.io/org/app:1.0', ['latest', 'stable'], {}, [{ image: 'ghcr.io/org/app:1.0', extraTags: ['latest', 'stable'] }]],
    ['extra tags given as one string', 'ghcr.io/org/app:1.0', ['latest stable'], {}, [{ image: 'ghcr.io/org/app:1.0', extraTags: ['latest', 'stable'] }]],
    ['extra tag equal to the tag is dropped', 'ghcr.io/org/app:1.0', ['1.0', 'latest', 'latest'], {}, [{ image: 'ghcr.io/org/app:1.0', extraTags: ['latest'] }]],
    [
      'registry with a port (the original template cut it at the first colon)',
      'gitlab.example.org:5005/group/app:abc123',
      ['latest'],
      {},
      [{ image: 'gitlab.example.org:5005/group/app:abc123', extraTags: ['latest'] }],
    ],
    ['no tag means latest', 'gitlab.example.org:5005/group/app', [], {}, [{ image: 'gitlab.example.org:5005/group/app:latest', extraTags: [] }]],
    ['digest reference keeps its digest', `ghcr.io/org/app@${D}`, ['v1'], {}, [{ image: `ghcr.io/org/app@${D}`, extraTags: ['v1'] }]],
    ['tag and digest', `ghcr.io/org/app:1.0@${D}`, [], {}, [{ image: `ghcr.io/org/app:1.0@${D}`, extraTags: [] }]],
    ['pinned to the pushed digest', 'host:5000/app:1.0', ['latest'], { digest: D }, [{ image: `host:5000/app:1.0@${D}`, extraTags: ['latest'] }]],
    ['pinning an already pinned reference to the same digest', `ghcr.io/org/app:1.0@${D}`, [], { digest: D }, [{ image: `ghcr.io/org/app:1.0@${D}`, extraTags: [] }]],
    [
      'docker/metadata-action tags: grouped by repository',
      'ghcr.io/org/app:1.2.3\nghcr.io/org/app:1.2\nghcr.io/org/app:latest\ndocker.io/org/app:1.2.3\ndocker.io/org/app:latest\n',
      ['stable'],
      {},
      [
        { image: 'ghcr.io/org/app:1.2.3', extraTags: ['1.2', 'latest', 'stable'] },
        { image: 'registry.hub.docker.com/org/app:1.2.3', extraTags: ['latest', 'stable'] },
      ],
    ],
    ['comma-separated list', 'ghcr.io/org/a:1,ghcr.io/org/b:1', [], {}, [{ image: 'ghcr.io/org/a:1', extraTags: [] }, { image: 'ghcr.io/org/b:1', extraTags: [] }]],
    ['Docker Hub short names are normalised', 'centos:7', [], {}, [{ image: 'registry.hub.docker.com/library/centos:7', extraTags: [] }]],
    [
      'different digests of one repository stay apart',
      `ghcr.io/org/app@${D}\nghcr.io/org/app@${E}`,
      [],
      {},
      [
        { image: `ghcr.io/org/app@${D}`, extraTags: [] },
        { image: `ghcr.io/org/app@${E}`, extraTags: [] },
      ],
    ],
    ['plain-HTTP registry URL form', 'http://127.0.0.1:5000/test/app:1', [], {}, [{ image: 'http://127.0.0.1:5000/test/app:1', extraTags: [] }]],
  ])('%s', (_name, image, extra, opts, expected) => {
    const got = resolveImages(image, extra, opts).map((r) => ({ image: r.image, extraTags: r.extraTags }));
    expect(got).toEqual(expected);
  });

  test('the request carries the parsed reference', () => {
    const [r] = resolveImages('gitlab.example.org:5005/group/sub/app:abc', []);
    expect(r!.ref).toEqual({ scheme: 'https', registry: 'gitlab.example.org:5005', repository: 'group/sub/app', tag: 'abc' });
  });

  test.each([
    ['empty input', '', [], {}, /no image given/],
    ['only whitespace', ' \n ', [], {}, /no image given/],
    ['shell metacharacters', 'ghcr.io/org/app:1;rm', [], {}, /shell metacharacter/],
    ['upper-case repository', 'ghcr.io/Org/app:1', [], {}, /lower case/],
    ['bad extra tag', 'ghcr.io/org/app:1', ['-bad'], {}, /extra tag "-bad"/],
    ['wildcard extra tag', 'ghcr.io/org/app:1', ['v*'], {}, /extra tag "v\*"/],
    ['pinning to a different digest', `ghcr.io/org/app@${D}`, [], { digest: E }, /another digest/],
    ['bad pin digest', 'ghcr.io/org/app:1', [], { digest: 'sha256:xyz' }, /pinning/],
  ])('refuses %s', (_name, image, extra, opts, message) => {
    expect(() => resolveImages(image, extra, opts)).toThrow(ResolveError);
    expect(() => resolveImages(image, extra, opts)).toThrow(message);
  });
});

import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('cvmfs-unpack', () => {
  test.each([
    [['--help'], /Usage:[\s\S]*cvmfs-unpack sync IMAGE/],
    [['sync', '--help'], /--platform P[\s\S]*--extra-tags/],
    [['gc', '--help'], /--grace-period D/],
    [['help', 'serve'], /agent\.yaml/],
  ])('%j prints help and exits 0', async (argv, text) => {
    const r = await runCli(argv);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(text);
  });

  test.each([
    [['frobnicate'], /unknown command "frobnicate"\nusage: cvmfs-unpack \{sync/],
    [['sync'], /no image given\nusage: cvmfs-unpack sync IMAGE/],
    [['sync', 'UPPER/case:1'], /is not an image reference[\s\S]*usage: cvmfs-unpack sync/],
    [['sync', 'a:1', '--recipe', 'r.yaml'], /either IMAGE arguments or --recipe/],
    [['sync', 'a:1', '--platform', 'linux'], /--platform:/],
    [['sync', 'a:1', '--extra-tags', 'ok bad/tag'], /--extra-tags: "bad\/tag" is not a tag/],
    [['sync', 'a:1', '--target', 'ftp:/x'], /--target:/],
    [['loop'], /--recipe is required/],
    [['loop', '--recipe', 'r.yaml', '--interval', 'soon'], /is not a duration/],
    [['serve'], /--config is required/],
    [['notify', 'a:1'], /--server is required/],
    [['notify', 'a:1', '--server', 'http://127.0.0.1:9'], /a credential is required/],
    [['gc', '--prune', '--target', 'dir:/nonexistent-gc'], /--prune needs --recipe/],
    [['ls', 'extra'], /unexpected argument "extra"/],
  ])('%j is a usage error (exit 2, with a usage line)', async (argv, text) => {
    const r = await runCli(argv);
    expect(r.stderr).toMatch(text);
    expect(r.stderr).toMatch(/usage: cvmfs-unpack/);
    expect(r.code).toBe(2);
  });

  test('--version', async () => {
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^cvmfs-unpack \d+\.\d+\.\d+\n$/) });
  });
});

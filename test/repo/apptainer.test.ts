import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV_FILE, RUNSCRIPT, apptainerFiles, envScript, makeApptainerReady } from '../../src/repo/index.ts';
import { chrootRun, makeBusyboxRoot } from './rootfs.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function busybox() {
  const r = makeBusyboxRoot();
  cleanups.push(r.cleanup);
  return r;
}

/** Values that break naive quoting: each must come out byte for byte, and none may run a command. */
const HOSTILE: Record<string, string> = {
  DQUOTE: 'say "hi"',
  SQUOTE: "it's",
  SQUOTES: "a'b''c'''",
  DOLLAR: '$HOME and ${HOME} and $(touch /pwned-dollar)',
  BACKTICK: '`touch /pwned-backtick`',
  NEWLINE: 'line1\nline2\n',
  BACKSLASH: 'C:\\path\\n\\',
  BRACE: 'a}b}}',
  MIXED: `'"\`$\\}{;|&<>*?~#!\t `,
  EMPTY: '',
  SEMI: 'x"; touch /pwned-semi; echo "',
  PLAIN: 'C.UTF-8',
};

const ENV = [...Object.entries(HOSTILE).map(([k, v]) => `${k}=${v}`), 'PATH=/bin:/usr/bin', 'NOVALUE', 'bad-name=1', 'DUP=first', 'DUP=second'];

describe('environment file', () => {
  test('hostile values come out byte for byte in busybox sh under chroot, and run nothing', () => {
    const { root } = busybox();
    makeApptainerReady(root, { Env: ENV });
    for (const [k, v] of Object.entries(HOSTILE)) {
      const r = chrootRun(root, ['/bin/sh', '-c', `. /${ENV_FILE}; printf %s "$${k}"`]);
      expect(r.stderr).toBe('');
      expect(r.stdout, k).toBe(v);
    }
    expect(readdirSync(root).filter((n) => n.startsWith('pwned'))).toEqual([]);
  });

  test.each(['bash', 'dash', 'busybox sh', 'bash --posix'])('the same values in %s (Apptainer sources with a bash-like shell)', (shell) => {
    const dir = mkdtempSync(join(tmpdir(), 'cvmfs-unpack-env-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'env.sh'), envScript(ENV).content);
    const [cmd, ...pre] = shell.split(' ');
    for (const [k, v] of Object.entries(HOSTILE)) {
      const r = spawnSync(cmd!, [...pre, '-c', `cd "$1" && . ./env.sh && printf %s "$${k}"`, 'sh', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/bin' } });
      expect(r.stderr).toBe('');
      expect(r.stdout, `${shell} ${k}`).toBe(v);
    }
    expect(readdirSync(dir)).toEqual(['env.sh']);
  });

  test('a variable set at start wins, PATH is set outright, duplicates: the last wins, bad names are skipped', () => {
    const { root } = busybox();
    makeApptainerReady(root, { Env: ENV });
    const show = '. /' + ENV_FILE + '; printf "%s|%s|%s|%s|%s" "$PLAIN" "$SQUOTE" "$PATH" "$DUP" "${NOVALUE-unset}"';
    expect(chrootRun(root, ['/bin/sh', '-c', show], { PLAIN: 'outer', SQUOTE: 'outer2', PATH: '/nothing:/bin' }).stdout).toBe(
      'outer|outer2|/bin:/usr/bin|second|',
    );
    const text = readFileSync(join(root, ENV_FILE), 'utf8');
    expect(text).toContain('export PLAIN="${PLAIN:-C.UTF-8}"\n');
    expect(text).toContain('export PATH="/bin:/usr/bin"\n');
    expect(text).not.toContain('bad-name');
    expect(envScript(ENV).skipped).toEqual(['"bad-name": not a valid variable name']);
  });
});

describe('runscript', () => {
  const printArgs = ['/bin/printf', '[%s]'];
  test.each([
    ['entrypoint + cmd', { Entrypoint: printArgs, Cmd: ['a b', "c'd"] }, [], "[a b][c'd]"],
    ['entrypoint + cmd, args replace cmd', { Entrypoint: printArgs, Cmd: ['x'] }, ['1', '$HOME', '`id`'], '[1][$HOME][`id`]'],
    ['cmd only', { Cmd: [...printArgs, 'q"q', 'l1\nl2'] }, [], '[q"q][l1\nl2]'],
    ['cmd only, args replace it', { Cmd: ['/bin/false'] }, [...printArgs, 'z'], '[z]'],
    ['entrypoint only', { Entrypoint: [...printArgs, 'e'] }, [], '[e]'],
    ['entrypoint only with args', { Entrypoint: printArgs, Cmd: null }, ['p', ''], '[p][]'],
  ])('%s', (_name, config, args, want) => {
    const { root } = busybox();
    makeApptainerReady(root, config);
    const r = chrootRun(root, [`/${RUNSCRIPT}`, ...args]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(want);
    // The run action and the /singularity symlink reach the same runscript.
    expect(chrootRun(root, ['/.singularity.d/actions/run', ...args]).stdout).toBe(want);
    expect(chrootRun(root, ['/singularity', ...args]).stdout).toBe(want);
  });

  test('neither ENTRYPOINT nor CMD: a clear error without arguments, the arguments run otherwise', () => {
    const { root } = busybox();
    makeApptainerReady(root, {});
    const r = chrootRun(root, [`/${RUNSCRIPT}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/neither ENTRYPOINT nor CMD/);
    expect(chrootRun(root, [`/${RUNSCRIPT}`, '/bin/echo', 'hi']).stdout).toBe('hi\n');
  });

  test('the exec action loads the environment first, then runs the command', () => {
    const { root } = busybox();
    makeApptainerReady(root, { Env: ['GREETING=hello "world"'] });
    expect(chrootRun(root, ['/.singularity.d/actions/exec', '/bin/sh', '-c', 'printf %s "$GREETING"']).stdout).toBe('hello "world"');
    expect(chrootRun(root, ['/.singularity.d/actions/test']).status).toBe(0);
    expect(chrootRun(root, ['/.singularity.d/actions/shell', '-c', 'printf %s "$GREETING"']).stdout).toBe('hello "world"');
  });
});

describe('makeApptainerReady on the tree', () => {
  test('creates the layout: dirs 0755, empty bind targets, scripts 0755, symlinks', () => {
    const { root } = busybox();
    const res = makeApptainerReady(root, { Cmd: ['/bin/sh'] });
    for (const d of ['.singularity.d/actions', '.singularity.d/env', '.singularity.d/libs', 'dev', 'proc', 'sys', 'tmp', 'var/tmp', 'home', 'root', 'etc', 'cvmfs', 'srv']) {
      const st = lstatSync(join(root, d));
      expect(st.isDirectory(), d).toBe(true);
      expect(st.mode & 0o7777, d).toBe(0o755);
    }
    expect(readFileSync(join(root, 'etc/hosts'), 'utf8')).toBe('');
    expect(readFileSync(join(root, 'etc/resolv.conf'), 'utf8')).toBe('');
    for (const a of ['exec', 'run', 'shell', 'start', 'test']) expect(statSync(join(root, '.singularity.d/actions', a)).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(root, 'singularity'))).toBe('.singularity.d/runscript');
    expect(readlinkSync(join(root, 'environment'))).toBe('.singularity.d/env/90-environment.sh');
    expect(res.written).toContain(ENV_FILE);
    expect(readdirSync(join(root, '.singularity.d')).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  test('keeps what the image has; replaces our scripts without writing into a shared (hardlinked) file', () => {
    const { root, base } = busybox();
    mkdirSync(join(root, 'etc'));
    mkdirSync(join(root, '.singularity.d'), { recursive: true });
    const layerFile = join(base, 'layer-hosts');
    writeFileSync(layerFile, '127.0.0.1 image\n');
    linkSync(layerFile, join(root, 'etc/hosts'));
    const layerRunscript = join(base, 'layer-runscript');
    writeFileSync(layerRunscript, '#!/bin/sh\necho old\n');
    linkSync(layerRunscript, join(root, RUNSCRIPT));
    symlinkSync('bin', join(root, 'environment'));
    makeApptainerReady(root, { Cmd: ['/bin/echo', 'new'] });
    expect(readFileSync(join(root, 'etc/hosts'), 'utf8')).toBe('127.0.0.1 image\n');
    expect(chrootRun(root, [`/${RUNSCRIPT}`]).stdout).toBe('new\n');
    expect(readFileSync(layerRunscript, 'utf8')).toBe('#!/bin/sh\necho old\n'); // the layer's copy is untouched
    expect(readlinkSync(join(root, 'environment'))).toBe('bin');
  });

  test.each([
    ['etc', 'etc/hosts'],
    ['.singularity.d', ENV_FILE],
    ['var', 'var/tmp'],
  ])('a hostile image with %s as a symlink out of the root: skipped with a warning, nothing written outside', (link, inside) => {
    const { root, base } = busybox();
    const outside = join(base, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(root, link)); // absolute: would lead out of the root if followed
    const warnings: string[] = [];
    const log = { warn: (m: string, f?: Record<string, unknown>) => warnings.push(`${m} ${JSON.stringify(f)}`) };
    const logger = { debug() {}, info() {}, error() {}, child: () => logger, ...log };
    const res = makeApptainerReady(root, { Env: ['A=1'], Cmd: ['/bin/sh'] }, logger);
    expect(readdirSync(outside)).toEqual([]);
    expect(res.skipped.map((s) => s.path)).toContain(inside);
    expect(warnings.join('\n')).toContain(`${link} is a symlink`);
    expect(existsSync(join(root, 'dev'))).toBe(true); // the rest is still done
  });

  test('entrypoint with a NUL byte is refused', () => {
    expect(() => apptainerFiles({ Entrypoint: ['a\0b'] })).toThrow(/NUL/);
  });
});

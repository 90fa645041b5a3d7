/**
 * `--target` specs: `dir:PATH` or `cvmfs:REPO[/sub/path]` (a gateway lease
 * path). `CVMFS_UNPACK_TARGET` is the CLI's default; `dir:./unpacked` otherwise.
 */
import { DirPublisher, type DirPublisherOptions } from './dir.ts';
import { CvmfsPublisher, type CvmfsPublisherOptions } from './cvmfs.ts';
import { InvalidTargetError, type Publisher } from './types.ts';
import type { Logger } from '../log/logger.ts';

export const DEFAULT_TARGET = 'dir:./unpacked';

export interface TargetOptions {
  /** `cvmfs_server` program (default $CVMFS_UNPACK_CVMFS_SERVER, else `cvmfs_server`). */
  cvmfsServer?: string;
  /** Mount root of CVMFS repositories (default $CVMFS_UNPACK_CVMFS_MOUNT, else `/cvmfs`). */
  cvmfsMount?: string;
  /** dir: how long to wait for another process's lock (ms). */
  lockTimeoutMs?: number;
  /** cvmfs: how long `transaction -t` waits for another open transaction (s). */
  transactionTimeoutS?: number;
  /** cvmfs: where transaction owners are recorded. */
  stateDir?: string;
  logger?: Logger;
}

const REPO_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseTarget(spec: string, opts: TargetOptions = {}): Publisher {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? '' : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (kind === 'dir') {
    if (rest === '') throw new InvalidTargetError(spec, 'dir: needs a path');
    if (rest.includes('\0')) throw new InvalidTargetError(spec, 'the path contains NUL');
    const o: DirPublisherOptions = { lockTimeoutMs: opts.lockTimeoutMs, logger: opts.logger };
    return new DirPublisher(rest, o);
  }
  if (kind === 'cvmfs') {
    const [repo = '', ...sub] = rest.split('/');
    if (!REPO_RE.test(repo)) throw new InvalidTargetError(spec, 'expected cvmfs:REPO_NAME[/sub/path]');
    const segments = sub.filter((s, i) => !(s === '' && i === sub.length - 1)); // a trailing '/' is harmless
    for (const s of segments) {
      if (s === '' || s === '.' || s === '..' || s.includes('\0')) throw new InvalidTargetError(spec, 'the lease path must be a plain relative path');
    }
    const o: CvmfsPublisherOptions = {
      server: opts.cvmfsServer,
      mount: opts.cvmfsMount,
      transactionTimeoutS: opts.transactionTimeoutS,
      stateDir: opts.stateDir,
      logger: opts.logger,
    };
    return new CvmfsPublisher(repo, segments.join('/'), o);
  }
  throw new InvalidTargetError(spec, 'expected dir:PATH or cvmfs:REPO_NAME[/sub/path]');
}

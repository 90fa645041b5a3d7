/** Publishing targets: one Publisher interface, `dir` and `cvmfs` implementations. */
export { PublishError, InvalidTargetError, tempDirIn } from './types.ts';
export type { BeginOptions, Publisher, Transaction } from './types.ts';
export { parseTarget, DEFAULT_TARGET } from './target.ts';
export type { TargetOptions } from './target.ts';
export { DirPublisher, LOCK_FILE, recoverTree } from './dir.ts';
export type { DirPublisherOptions } from './dir.ts';
export { CvmfsPublisher } from './cvmfs.ts';
export { whiteoutTar, whiteoutEntries } from './whiteout-tar.ts';
export type { LayerWhiteouts } from './whiteout-tar.ts';
export type { CvmfsPublisherOptions } from './cvmfs.ts';

/**
 * The seam between converting images and the place they are published:
 * a plain directory or a CVMFS repository. Both implementations pass the
 * same contract tests (test/publish/contract.ts).
 */
import type { Logger } from '../log/logger.ts';
import type { LayerWhiteouts } from './whiteout-tar.ts';

export interface BeginOptions {
  logger?: Logger;
  /**
   * Open the transaction with a server-side copy of the published tree `src`
   * at `dst` (paths relative to the publisher's root; `dst` must not exist).
   * Only where `canClone` is true (cvmfs: `cvmfs_server transaction -T`).
   */
  clone?: { src: string; dst: string };
}

export interface Publisher {
  readonly kind: 'dir' | 'cvmfs';
  /**
   * Whether begin() can clone a published tree cheaply (BeginOptions.clone).
   * On CVMFS that avoids publishing the same content twice: the flat tree of
   * an image starts as a clone of its bottom layer.
   */
  readonly canClone: boolean;
  /** Where the repository content is written: the dir path, or `/cvmfs/<repo>[/sub/path]`. */
  readonly root: string;
  /** `dir:/srv/unpacked`, `cvmfs:unpacked.example.org`: for messages. */
  describe(): string;
  /** Undoes what a crashed run left: an open transaction, stale temporary entries. */
  recover(): Promise<void>;
  /** Opens a transaction; waits (bounded) while another one is open. */
  begin(opts?: BeginOptions): Promise<Transaction>;
  /**
   * Where a commit does not keep whiteout files (cvmfs: publish takes every
   * `.wh.*` name for a whiteout of its own and drops it): puts the markers of
   * published layer dirs in, outside any transaction (cvmfs: one
   * `cvmfs_server ingest`), with each layer's stamp file. Absent: the layer
   * dirs keep their markers as written (dir).
   */
  storeWhiteouts?(layers: LayerWhiteouts[], logger?: Logger): Promise<void>;
  /**
   * Where a transaction cannot remove a tree that holds literal `.wh.*` files
   * (cvmfs: the publish takes each removal for a whiteout and fails,
   * cvmfs/cvmfs#3756): removes such trees (relative paths without ':') outside
   * any transaction (cvmfs: one `cvmfs_server ingest --delete`).
   */
  removeTrees?(paths: string[], logger?: Logger): Promise<void>;
}

export interface Transaction {
  /** Where to write (the same as the publisher's root). */
  readonly root: string;
  /** Makes everything written visible, as one change. */
  commit(): Promise<void>;
  /** Discards everything written in this transaction. */
  abort(cause?: unknown): Promise<void>;
  /**
   * A new empty directory `<parent>/.tmp-<label>-XXXXXX` to build something
   * in before renaming it into place; removed on abort (and by recover()
   * after a crash) if it is still there.
   */
  tempDir(parent: string, label?: string): string;
}

/** Publishing failed: what was being done, then why (the command's stderr tail when there is one). */
export class PublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
  }
}

/** A target spec that cannot be parsed (a usage error). */
export class InvalidTargetError extends PublishError {
  constructor(spec: string, reason: string) {
    super(`invalid target ${JSON.stringify(spec)}: ${reason}`);
    this.name = 'InvalidTargetError';
  }
}

/** `tempDirIn(txn, parent)`: see Transaction.tempDir. */
export function tempDirIn(txn: Transaction, parent: string, label = 'build'): string {
  return txn.tempDir(parent, label);
}

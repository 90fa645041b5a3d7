/**
 * The command-line contract (DESIGN.md section 3), as the user reads it in
 * `cvmfs-unpack --help` and `cvmfs-unpack COMMAND --help`.
 */
export const TOP_HELP = `cvmfs-unpack: publish container images unpacked onto CernVM-FS

Usage:
  cvmfs-unpack sync IMAGE... [--target T] [--platform os/arch[/variant]] [--json]
  cvmfs-unpack sync --recipe recipe.yaml [--target T]
  cvmfs-unpack loop --recipe recipe.yaml [--interval 15m] [--target T]
  cvmfs-unpack serve --config agent.yaml
  cvmfs-unpack notify IMAGE [--extra-tags "a b"] --server URL [--token …|--id-token …] [--no-wait]
  cvmfs-unpack gc [--target T] [--dry-run] [--grace-period 7d]
  cvmfs-unpack ls [--target T] [--json]

Commands:
  sync    pull images and publish them (layers, flat root file system, link)
  loop    publish everything in a recipe.yaml, again every interval
  serve   run the authenticated HTTP agent with its durable job queue
  notify  ask a remote agent to publish an image and wait for the result
  gc      remove flat trees, layers and metadata nothing refers to any more
  ls      list the published images

Targets (--target, or the environment variable CVMFS_UNPACK_TARGET):
  dir:PATH                a plain directory (default: dir:./unpacked)
  cvmfs:REPO[/sub/path]   a CVMFS repository on this stratum-0 host, through
                          cvmfs_server (CVMFS_UNPACK_CVMFS_SERVER and
                          CVMFS_UNPACK_CVMFS_MOUNT override its path and /cvmfs)

Images: registry.example.org/group/app:1.0, https://registry.hub.docker.com/library/centos:centos7,
  centos:7 (Docker Hub), http://127.0.0.1:5000/app:1 (plain-HTTP registry), app@sha256:….

Exit status: 0 when every image is published, 1 when any failed (each named on
stderr with its reason), 2 for bad arguments.

Run 'cvmfs-unpack COMMAND --help' for the options of one command.`;

export const COMMAND_HELP: Record<string, string> = {
  sync: `Usage:
  cvmfs-unpack sync IMAGE... [--target T] [--platform os/arch[/variant]]... [--extra-tags "a b"] [--json]
  cvmfs-unpack sync --recipe recipe.yaml [--target T] [--json]

Pulls each image, unpacks the layers that are missing into .layers/, builds
the flattened, Apptainer-ready root file system in .flat/ and points the link
<registry>/<repository>:<tag> at it. An image whose manifest has not changed
since the last sync costs one manifest request and nothing else. The images
of one run go into one transaction (at most CVMFS_UNPACK_BATCH_IMAGES images
or CVMFS_UNPACK_BATCH_BYTES bytes each); on CVMFS the layers are published
first and each new flat tree then starts as a clone of the longest published
layer prefix (.chains/, DUCC's chain IDs; the chain of all but the top layer is
kept), so an update of the top layer is one transaction that writes one layer.
An image cvmfs_ducc published is taken over as it is (nothing is published).

Options:
  --target T          dir:PATH or cvmfs:REPO[/sub/path] (default: $CVMFS_UNPACK_TARGET or dir:./unpacked)
  --platform P        os/arch[/variant] to publish (default linux/amd64); repeat for several:
                      every platform then also goes under .multiarch/<arch>[:<variant>]/
  --recipe FILE       take the images from a DUCC wishlist (recipe.yaml), wildcards expanded
  --extra-tags LIST   also publish the same manifest under these tags of each IMAGE's repository
                      (separated by spaces or commas; they need not exist in the registry)
  --json              one JSON object per line on stdout instead of progress/log lines
  -h, --help          this text`,
  loop: `Usage:
  cvmfs-unpack loop --recipe recipe.yaml [--interval 15m] [--target T] [--json]

Re-reads the recipe every interval and publishes what is new or changed; a
failing image is retried with backoff and never blocks the others. SIGTERM
finishes (or aborts) the current transaction and exits.

Options:
  --recipe FILE       the wishlist (required)
  --interval D        time between cycles: 30s, 15m, 1h (default 15m)
  --target T          as for sync
  --once              run one cycle and exit
  --json              JSON lines
  -h, --help          this text`,
  serve: `Usage:
  cvmfs-unpack serve --config agent.yaml

Runs the HTTP agent: POST /api/v1/sync, GET /api/v1/jobs/<id>, registry
webhooks, /healthz and /metrics, with secret-token and OIDC authentication, a
policy of who may publish what, and a durable queue. See docs/agent.md.

Options:
  --config FILE       agent.yaml (every key can also come from CVMFS_UNPACK_<KEY>)
  -h, --help          this text`,
  notify: `Usage:
  cvmfs-unpack notify IMAGE [--extra-tags "a b"] --server URL [--token T | --id-token JWT] [--no-wait]

Asks a remote agent to publish IMAGE (and the extra tags of its repository),
waits for the job and prints the CVMFS paths.

Options:
  --server URL        the agent, e.g. https://unpack.example.org (a bare host means http://HOST:8000)
  --extra-tags LIST   more tags of the same repository, separated by spaces or commas
  --token T           the agent's secret token (or $CVMFS_UNPACK_TOKEN)
  --id-token JWT      an OIDC token of the CI job (or $CVMFS_UNPACK_ID_TOKEN)
  --platform P        os/arch[/variant]
  --no-wait           return after the request is accepted
  --timeout D         how long to wait for the job (default 30m)
  --json              JSON lines
  -h, --help          this text`,
  gc: `Usage:
  cvmfs-unpack gc [--target T] [--dry-run] [--grace-period 7d] [--prune --recipe FILE]

Removes flat trees no link points to, layers no stored manifest refers to,
chains (.chains/) that are no prefix of a kept image and the metadata of
removed images, in one transaction (on CVMFS, layers holding literal .wh.
files by cvmfs_server ingest --delete first); keeps what DUCC's images use; prints what was (or with
--dry-run would be) removed and how much space that frees.

Options:
  --target T          as for sync
  --dry-run           only report
  --grace-period D    keep anything changed more recently than D (default 7d)
  --prune             also unpublish images that are no longer in --recipe
  --recipe FILE       the wishlist for --prune
  --json              JSON lines
  -h, --help          this text`,
  ls: `Usage:
  cvmfs-unpack ls [--target T] [--json]

Lists every published image: reference, digest, platform, flat path, size and
when it was last synced; also images cvmfs_ducc published (digest "(ducc)").

Options:
  --target T          as for sync
  --json              JSON lines
  -h, --help          this text`,
};

export function usageLine(command?: string): string {
  if (command && COMMAND_HELP[command]) {
    const text = COMMAND_HELP[command];
    const first = text.split('\n').find((l) => l.trim().startsWith('cvmfs-unpack'));
    return `usage: ${first?.trim() ?? `cvmfs-unpack ${command}`}`;
  }
  return 'usage: cvmfs-unpack {sync|loop|serve|notify|gc|ls} [options]  (cvmfs-unpack --help)';
}

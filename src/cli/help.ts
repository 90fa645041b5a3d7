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
  cvmfs-unpack check recipe.yaml [--against BASE] [--offline] [--target T] [--format text|github|gitlab] [--json]

Commands:
  sync    pull images and publish them (layers, flat root file system, link)
  loop    publish everything in a recipe.yaml, again every interval
  serve   run the authenticated HTTP agent with its durable job queue
  notify  ask a remote agent to publish an image and wait for the result
  gc      remove flat trees, layers and metadata nothing refers to any more
  ls      list the published images
  check   check a recipe.yaml before it is merged: syntax, references, tags, platforms, sizes

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
Every image also goes into the podman image store podmanStore/ (podman's
additionalimagestores; its layers are the .layers/ dirs). With a thin-image
name (--thin-image-name, or the recipe's output_format), DUCC's thin image is
pushed after the publish (password: DUCC_OUTPUT_REGISTRY_PASS).

Options:
  --target T          dir:PATH or cvmfs:REPO[/sub/path] (default: $CVMFS_UNPACK_TARGET or dir:./unpacked)
  --platform P        os/arch[/variant] to publish (default linux/amd64); repeat for several:
                      every platform then also goes under .multiarch/<arch>[:<variant>]/
  --recipe FILE       take the images from a DUCC wishlist (recipe.yaml), wildcards expanded
  --extra-tags LIST   also publish the same manifest under these tags of each IMAGE's repository
                      (separated by spaces or commas; they need not exist in the registry)
  --thin-image-name N push DUCC's thin image of IMAGE as N (one IMAGE; or a format with
                      placeholders such as 'https://registry.example.org/thin/$(image)')
  -u, --username U    the user pushing thin images (default: the recipe's user, else stored credentials)
  --skip-flat         no flat trees and no links: layers, metadata and the podman store only
  --skip-layers       no layer dirs (used to build the flat tree, then removed); implies
                      --skip-podman and --skip-thin-image, as in DUCC
  --skip-podman       do not write the podman store podmanStore/
  --skip-thin-image   do not push thin images, even if the recipe has an output_format
  --insecure-registry HOST[:PORT]
                      speak plain HTTP to this registry although named without a scheme
                      (repeatable; also $CVMFS_UNPACK_INSECURE_REGISTRIES; loopback always is)
  --json              one JSON object per line on stdout instead of progress/log lines
  -h, --help          this text`,
  loop: `Usage:
  cvmfs-unpack loop --recipe recipe.yaml [--interval 15m] [--target T] [--json]

Re-reads the recipe every interval and publishes what is new or changed; a
failing image is retried with backoff and never blocks the others. SIGTERM
finishes (or aborts) the current transaction and exits. Unchanged images are
checked with HEAD (no pull counted by Docker Hub); a registry's rate limit
(429, Retry-After, Docker Hub's ratelimit-remaining) slows that registry down,
and what would wait longer than 30 s is carried to the next cycle ('deferred').

Options:
  --recipe FILE       the wishlist (required)
  --interval D        time between cycles: 30s, 15m, 1h (default 15m)
  --target T          as for sync
  --insecure-registry HOST[:PORT]
                      as for sync
  --once              run one cycle and exit
  -u, --username U    as for sync
  --skip-flat, --skip-layers, --skip-podman, --skip-thin-image
                      as for sync (a recipe may also set skipFlat, skipLayers, skipPodman, skipThinImage)
  --json              JSON lines
  -h, --help          this text`,
  serve: `Usage:
  cvmfs-unpack serve --config agent.yaml

Runs the HTTP agent: POST /api/v1/sync, POST /api/v1/remove, GET /api/v1/jobs,
GET /api/v1/images, a live status page at /, registry webhooks, /healthz and /metrics, with secret-token and OIDC authentication, a
policy of who may publish what, and a durable queue. See docs/agent.md.

Options:
  --config FILE       agent.yaml (every key can also come from CVMFS_UNPACK_<KEY>)
  -h, --help          this text`,
  notify: `Usage:
  cvmfs-unpack notify IMAGE [--extra-tags "a b"] --server URL [--token T | --id-token JWT] [--no-wait]
  cvmfs-unpack notify --remove 'REGISTRY/REPO:feature-*' --server URL [--token T | --id-token JWT]

Asks a remote agent to publish IMAGE (and the extra tags of its repository),
waits for the job and prints the CVMFS paths. With --remove, asks it to take
the named images back instead (tags may be wildcards; the agent's policy
must allow removing them): links and metadata go at once, content later by gc.

Options:
  --server URL        the agent, e.g. https://unpack.example.org (a bare host means http://HOST:8000)
  --extra-tags LIST   more tags of the same repository, separated by spaces or commas
  --token T           the agent's secret token (or $CVMFS_UNPACK_TOKEN)
  --id-token JWT      an OIDC token of the CI job (or $CVMFS_UNPACK_ID_TOKEN)
  --platform P        os/arch[/variant]
  --no-wait           return after the request is accepted
  --timeout D         how long to wait for the job (default 30m)
  --remove            remove the named images (POST /api/v1/remove) instead of publishing
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

COMMAND_HELP.check = `Usage:
  cvmfs-unpack check recipe.yaml [--against BASE] [--offline] [--target T] [--json]
                     [--format text|github|gitlab [--codequality FILE]] [--strict]

Checks a wishlist before it is merged. Offline: YAML syntax and schema (every
problem at once, with line and column), image references, duplicates, inputs a
wildcard line already covers, allowed registries. Online, for each input: the
registry answers, the tag exists (a wildcard: how many tags match, the newest
few), the requested platforms are in the index, the compressed size and layer
count, credentials missing for a private image; requests run in parallel, at
most 8 at a time.

Options:
  --against BASE      the recipe on the target branch: a file, or a git revision
                      (origin/main) whose copy of RECIPE is read with git show;
                      only added or changed inputs are probed, removed ones listed
  --offline           no registry requests: syntax, schema, duplicates, references
  --target T          also say which inputs T already publishes and what a sync
                      would change (dir:PATH or cvmfs:REPO)
  --format F          text (default); github: also ::error annotations and a
                      table in $GITHUB_STEP_SUMMARY; gitlab: also a code-quality report
  --codequality FILE  where --format gitlab writes it (default gl-code-quality-report.json)
  --json              the whole report as one JSON document on stdout
  --strict            warnings (duplicates, covered inputs, sizes) fail too
  --platform P        platforms to check when the recipe names none (default linux/amd64)
  --max-size SIZE     an image larger than SIZE (compressed, e.g. 10GB) is an error
  --warn-size SIZE    an image larger than SIZE is a warning
  --allowed-registry R  registries inputs may come from (glob, repeatable); the
                      recipe's check: section sets the same (maxSize, warnSize,
                      allowedRegistries), the options win
  -h, --help          this text

Registry credentials as for sync (CVMFS_UNPACK_REGISTRY_<HOST>_USERNAME/_PASSWORD,
REGISTRY_AUTH_FILE, ~/.docker/config.json).
Exit status: 0 no errors, 1 any error (or, with --strict, any warning), 2 bad arguments.`;

export function usageLine(command?: string): string {
  if (command && COMMAND_HELP[command]) {
    const text = COMMAND_HELP[command];
    const first = text.split('\n').find((l) => l.trim().startsWith('cvmfs-unpack'));
    return `usage: ${first?.trim() ?? `cvmfs-unpack ${command}`}`;
  }
  return 'usage: cvmfs-unpack {sync|loop|serve|notify|gc|ls|check} [options]  (cvmfs-unpack --help)';
}

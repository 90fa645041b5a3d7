/**
 * The status page (`GET /`) and a page per job (`GET /jobs/<id>`):
 * server-rendered HTML that reads without JavaScript; /assets/status.js
 * (status-script.ts) then keeps it live by polling the read API. No
 * front-end toolchain: plain HTML, one style sheet, one small script.
 */
import type { ImageView } from './images.ts';
import { formatBytes as formatSize } from '../common/size.ts';
export { STATUS_SCRIPT } from './status-script.ts';

type JobLike = Record<string, unknown>;

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Sizes as the CLI prints them (binary units); '—' where unknown. */
export function formatBytes(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '—' : formatSize(n);
}

/** '3 min ago' (server side; the script refreshes these from the datetime attribute). */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return iso;
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

const short = (digest: unknown) => (typeof digest === 'string' ? digest.replace(/^sha256:/, '').slice(0, 12) : '');

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/status.css">
<script src="/assets/status.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p class="brand"><a href="/">cvmfs-unpack</a></p></header>
<main id="main">
${body}
</main>
<footer><p>Machine-readable: <a href="/api/v1/images">/api/v1/images</a>, <a href="/api/v1/jobs">/api/v1/jobs</a>. <span id="live-status" role="status" aria-live="polite"></span></p></footer>
</body>
</html>
`;
}

function jobTitle(job: JobLike): string {
  return job.kind === 'remove' ? `remove ${(job.remove as string[]).join(', ')}` : String(job.image);
}

/** The cell describing a job's progress (also rendered by the script from the same fields). */
export function progressText(job: JobLike): string {
  const p = job.progress as { phase: string; layersDone: number; layersTotal: number; bytes: number; bytesTotal: number } | undefined;
  if (job.status === 'queued') return typeof job.waiting === 'string' ? job.waiting : 'waiting';
  if (!p) return String(job.status);
  const layers = p.layersTotal ? `, layer ${p.layersDone}/${p.layersTotal}` : '';
  const bytes = p.bytesTotal ? `, ${formatBytes(p.bytes)} of ${formatBytes(p.bytesTotal)}` : '';
  return `${p.phase}${layers}${bytes}`;
}

function jobRow(job: JobLike, withReason: boolean): string {
  const t = job.timings as Record<string, string>;
  const when = t.finishedAt ?? t.startedAt ?? t.queuedAt ?? '';
  const p = job.progress as { bytes: number; bytesTotal: number } | undefined;
  const bar = job.status === 'running' ? `<progress max="${p?.bytesTotal || 1}" value="${p?.bytes ?? 0}" aria-label="progress of ${escapeHtml(jobTitle(job))}"></progress>` : '';
  const cells = [
    `<td><a href="/jobs/${escapeHtml(job.id)}">${escapeHtml(jobTitle(job))}</a></td>`,
    `<td><span class="status status-${escapeHtml(job.status)}">${escapeHtml(job.status)}</span></td>`,
    `<td class="progress">${bar}<span class="progress-text">${escapeHtml(job.status === 'running' || job.status === 'queued' ? progressText(job) : (job.source ?? ''))}</span></td>`,
    `<td><time datetime="${escapeHtml(when)}">${escapeHtml(ago(when))}</time></td>`,
  ];
  if (withReason) cells.push(`<td class="reason">${escapeHtml(job.error ?? '')}</td>`);
  return `<tr data-job="${escapeHtml(job.id)}">${cells.join('')}</tr>`;
}

function jobTable(id: string, caption: string, jobs: JobLike[], empty: string, kind: 'active' | 'failed' | 'done'): string {
  const head = `<tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">${kind === 'active' ? 'Progress' : 'Source'}</th><th scope="col">When</th>${kind === 'failed' ? '<th scope="col">Reason</th>' : ''}</tr>`;
  return `<div class="scroll"><table id="${id}"><caption>${caption}</caption><thead>${head}</thead><tbody>${jobs.map((j) => jobRow(j, kind === 'failed')).join('')}</tbody></table></div>
<p class="empty" data-empty-for="${id}"${jobs.length ? ' hidden' : ''}>${empty}</p>`;
}

export function imageRow(i: ImageView): string {
  return `<tr data-name="${escapeHtml(i.name)}"><td><a href="/api/v1/images/${escapeHtml(encodeURIComponent(i.name))}">${escapeHtml(i.name)}</a><br><code class="path">${escapeHtml(i.path)}</code></td>`
    + `<td><code title="${escapeHtml(i.digest)}">${escapeHtml(short(i.digest))}</code></td>`
    + `<td><time datetime="${escapeHtml(i.syncedAt)}">${escapeHtml(ago(i.syncedAt))}</time></td>`
    + `<td class="num">${escapeHtml(formatBytes(i.size))}</td></tr>`;
}

export interface StatusPageData {
  images: ImageView[];
  query: string;
  active: JobLike[];
  failed: JobLike[];
  recent: JobLike[];
  target: string;
}

export function renderStatusPage(d: StatusPageData): string {
  const q = d.query.trim().toLowerCase();
  const shown = q ? d.images.filter((i) => i.name.toLowerCase().includes(q)) : d.images;
  const body = `<h1>Published images</h1>
<p>Target <code>${escapeHtml(d.target)}</code>: <span id="image-count">${d.images.length} image${d.images.length === 1 ? '' : 's'}</span>.</p>
<form role="search" action="/" method="get">
<label for="q">Search images</label>
<input id="q" name="q" type="search" value="${escapeHtml(d.query)}" placeholder="registry/repository:tag" autocomplete="off">
<button type="submit">Search</button>
</form>
<section aria-labelledby="h-jobs">
<h2 id="h-jobs">Queue and running jobs</h2>
${jobTable('active-jobs', 'Jobs waiting or running', d.active, 'Nothing queued or running.', 'active')}
</section>
<section aria-labelledby="h-images">
<h2 id="h-images">Images</h2>
<div class="scroll"><table id="images"><caption>Published images${q ? ` matching “${escapeHtml(d.query)}”` : ''}</caption>
<thead><tr><th scope="col">Name and path</th><th scope="col">Digest</th><th scope="col">Synced</th><th scope="col" class="num">Size</th></tr></thead>
<tbody>${shown.map(imageRow).join('')}</tbody></table></div>
<p class="empty" data-empty-for="images"${shown.length ? ' hidden' : ''}>No image${q ? ' matches' : ' is published yet'}.</p>
</section>
<section aria-labelledby="h-failed">
<h2 id="h-failed">Recent failures</h2>
${jobTable('failed-jobs', 'Failed jobs, newest first', d.failed, 'No failures.', 'failed')}
</section>
<section aria-labelledby="h-recent">
<h2 id="h-recent">Recently finished</h2>
${jobTable('recent-jobs', 'Succeeded jobs, newest first', d.recent, 'None yet.', 'done')}
</section>`;
  return layout('cvmfs-unpack: published images', body);
}

export function renderJobPage(job: JobLike): string {
  const images = (job.images as { ref: string; status: string; digest?: string; path?: string; error?: string }[]) ?? [];
  const t = job.timings as Record<string, string | number>;
  const rows = images
    .map((i) => `<tr><td>${escapeHtml(i.ref)}</td><td><span class="status status-${escapeHtml(i.status)}">${escapeHtml(i.status)}</span></td><td><code>${escapeHtml(short(i.digest))}</code></td><td><code class="path">${escapeHtml(i.path ?? '')}</code></td><td class="reason">${escapeHtml(i.error ?? '')}</td></tr>`)
    .join('');
  const facts: [string, string][] = [
    ['Status', `<span id="job-status" class="status status-${escapeHtml(job.status)}">${escapeHtml(job.status)}</span>`],
    ['Progress', `<span id="job-progress">${escapeHtml(progressText(job))}</span>`],
    ['Source', escapeHtml(job.source)],
    ['Queued', `<time datetime="${escapeHtml(t.queuedAt)}">${escapeHtml(t.queuedAt)}</time>`],
  ];
  if (t.finishedAt) facts.push(['Finished', `<time datetime="${escapeHtml(t.finishedAt)}">${escapeHtml(t.finishedAt)}</time> (${escapeHtml(t.totalMs)} ms)`]);
  if (Number(job.merged) > 0) facts.push(['Merged requests', escapeHtml(job.merged)]);
  const body = `<h1>Job <code>${escapeHtml(String(job.id).slice(0, 8))}</code>: ${escapeHtml(jobTitle(job))}</h1>
<article id="job" data-job="${escapeHtml(job.id)}" data-status="${escapeHtml(job.status)}">
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<p id="job-error" class="reason"${job.error ? '' : ' hidden'}>${escapeHtml(job.error ?? '')}</p>
<div class="scroll"><table id="job-images"><caption>Images of this job</caption>
<thead><tr><th scope="col">Image</th><th scope="col">Status</th><th scope="col">Digest</th><th scope="col">CVMFS path</th><th scope="col">Reason</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p><a href="/api/v1/jobs/${escapeHtml(job.id)}">This job as JSON</a></p>
</article>`;
  return layout(`cvmfs-unpack: job ${String(job.id).slice(0, 8)} ${String(job.status)}`, body);
}

export const STATUS_STYLE = `:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--ok:#1a7f37;--bad:#cf222e;--run:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--ok:#3fb950;--bad:#f85149;--run:#58a6ff}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}header{border-bottom:1px solid var(--line)}.brand{font-weight:600;margin:.6rem 0}
a{color:var(--run)}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--run);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.3rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}code{font-size:.9em}.path{color:var(--muted);word-break:break-all}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}input[type=search]{flex:1 1 16rem;font:inherit;padding:.4rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.4rem .9rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);cursor:pointer}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;color:var(--muted);font-size:.9rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}.num{text-align:right;white-space:nowrap}
.status{font-weight:600}.status-succeeded,.status-published,.status-updated,.status-unchanged,.status-removed{color:var(--ok)}.status-failed{color:var(--bad)}.status-running{color:var(--run)}
.reason{color:var(--bad);word-break:break-word}td a{word-break:break-all}progress{width:8rem;vertical-align:middle;margin-right:.4rem}.empty{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:var(--muted)}dd{margin:0}
footer{margin-top:3rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
@media (max-width:40rem){th,td{padding:.3rem}table#images th:nth-child(2),table#images td:nth-child(2){display:none}}
`;

export { resolveImages, splitList, ResolveError, type ResolvedRequest, type ResolveOptions } from './resolve.ts';
export {
  notify,
  NotifyError,
  JOB_STATUSES,
  type JobStatus,
  type JobOutcome,
  type JobView,
  type NotifyOptions,
  type NotifyResult,
  type PublishedImage,
  type StatusEvent,
} from './notify.ts';
export { AgentRequestError, callAgent, parseRetryAfter, DEFAULT_RETRY, type RetryPolicy } from './http.ts';
export { normalizeServerUrl, apiUrl, ServerUrlError, DEFAULT_AGENT_PORT } from './server.ts';
export { parseDuration, formatDuration, DurationError } from '../common/duration.ts';

/**
 * Structured logging shared by every part. Fields are plain data; secrets are
 * never passed in (callers redact before logging). The CLI and the agent pick
 * a sink: human lines on a terminal, JSON lines otherwise.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Fields): Logger;
}

export type Sink = (level: Level, msg: string, fields: Fields) => void;

export function createLogger(sink: Sink, base: Fields = {}): Logger {
  const emit = (level: Level) => (msg: string, fields?: Fields) => sink(level, msg, { ...base, ...fields });
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger(sink, { ...base, ...fields }),
  };
}

/** Discards everything; the default for library calls. */
export const nullLogger: Logger = createLogger(() => {});

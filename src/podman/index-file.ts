/**
 * layers.json and images.json: containers/storage reads each as one JSON
 * array, so every entry lives in one file. To keep an update cheap however
 * many entries the file holds, we write one entry per line:
 *
 *   [
 *   {"id":"<64 hex>",…},
 *   {"id":"<64 hex>",…}
 *   ]
 *
 * An update splits the file into lines and touches only the lines of the ids
 * it changes (it never parses or re-serialises the others): the work per
 * update is a byte copy of the file plus the new entries. A file in another
 * form (DUCC writes indented JSON, with duplicate ids) is parsed once,
 * de-duplicated (first entry of an id wins, as containers/storage does) and
 * rewritten one entry per line: DUCC's entries are kept.
 */

export interface IndexEntry {
  id: string;
  [key: string]: unknown;
}

const LINE = /^\{"id":"([0-9a-f]{64})"/;

/** The file as a map id -> line (insertion order kept); undefined when the file is not in our form. */
function splitLines(text: string): Map<string, string> | undefined {
  if (!text.startsWith('[\n') || !text.endsWith('\n]\n')) return undefined;
  const body = text.slice(2, -3);
  const out = new Map<string, string>();
  if (body === '') return out;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const last = i === lines.length - 1;
    if (!last) {
      if (!line.endsWith(',')) return undefined;
      line = line.slice(0, -1);
    }
    const m = LINE.exec(line);
    if (!m || !line.endsWith('}') || out.has(m[1]!)) return undefined;
    out.set(m[1]!, line);
  }
  return out;
}

function parseWhole(text: string, what: string): Map<string, string> {
  let data: unknown;
  try {
    data = text.trim() === '' ? [] : JSON.parse(text);
  } catch (err) {
    throw new Error(`reading ${what}: not JSON`, { cause: err });
  }
  if (!Array.isArray(data)) throw new Error(`reading ${what}: not a JSON array`);
  const out = new Map<string, string>();
  for (const e of data) {
    if (typeof e !== 'object' || e === null || typeof (e as { id?: unknown }).id !== 'string') continue;
    const entry = e as IndexEntry;
    if (!out.has(entry.id)) out.set(entry.id, serializeEntry(entry));
  }
  return out;
}

/** One entry as one line, `id` first. */
export function serializeEntry(entry: IndexEntry): string {
  const { id, ...rest } = entry;
  return JSON.stringify({ id, ...rest });
}

export class IndexFile {
  private readonly lines: Map<string, string>;
  private changed = false;

  private constructor(lines: Map<string, string>, converted: boolean) {
    this.lines = lines;
    this.changed = converted;
  }

  /** `text` undefined: the file does not exist yet. */
  static parse(text: string | undefined, what: string): IndexFile {
    if (text === undefined) return new IndexFile(new Map(), true);
    const lines = splitLines(text);
    return lines ? new IndexFile(lines, false) : new IndexFile(parseWhole(text, what), true);
  }

  get size(): number {
    return this.lines.size;
  }

  get dirty(): boolean {
    return this.changed;
  }

  has(id: string): boolean {
    return this.lines.has(id);
  }

  ids(): IterableIterator<string> {
    return this.lines.keys();
  }

  /** The entry of `id`, parsed (only this line is parsed). */
  get(id: string): IndexEntry | undefined {
    const line = this.lines.get(id);
    return line === undefined ? undefined : (JSON.parse(line) as IndexEntry);
  }

  set(entry: IndexEntry): void {
    const line = serializeEntry(entry);
    if (this.lines.get(entry.id) === line) return;
    this.lines.set(entry.id, line);
    this.changed = true;
  }

  delete(id: string): void {
    if (this.lines.delete(id)) this.changed = true;
  }

  /** Every entry's line, unparsed. */
  entries(): IterableIterator<[string, string]> {
    return this.lines.entries();
  }

  serialize(): string {
    return this.lines.size === 0 ? '[\n]\n' : `[\n${[...this.lines.values()].join(',\n')}\n]\n`;
  }
}

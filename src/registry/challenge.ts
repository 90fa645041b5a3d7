/**
 * Parsing `WWW-Authenticate` (RFC 7235): one header may hold several
 * challenges, each a scheme followed by `key=value` parameters whose values
 * are tokens or quoted strings:
 *
 *   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull"
 *   Basic realm="Registry Realm"
 */
export interface Challenge {
  /** Lower case: 'bearer', 'basic', … */
  scheme: string;
  /** Parameter names in lower case. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const headers = Array.isArray(header) ? header : [header];
  return headers.flatMap(parseOne);
}

function parseOne(input: string): Challenge[] {
  const out: Challenge[] = [];
  let rest = input;
  let current: Challenge | undefined;
  const skip = (re: RegExp) => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(m[0].length);
    return m;
  };
  while (rest.length > 0) {
    skip(/^[\s,]+/);
    if (rest.length === 0) break;
    const name = skip(TOKEN);
    if (!name) return out; // malformed: keep what parsed
    const afterName = rest;
    skip(/^\s*/);
    if (rest.startsWith('=') && current) {
      rest = rest.slice(1);
      skip(/^\s*/);
      current.params[name[0].toLowerCase()] = readValue();
      continue;
    }
    rest = afterName;
    current = { scheme: name[0].toLowerCase(), params: {} };
    out.push(current);
    // A token68 after the scheme ('Negotiate abc=='), which registries do not use: skip it.
    const token68 = /^ +([A-Za-z0-9\-._~+/]+=*)\s*(?=,|$)/.exec(rest);
    if (token68) rest = rest.slice(token68[0].length);
  }
  return out;

  function readValue(): string {
    if (rest.startsWith('"')) {
      let value = '';
      let i = 1;
      for (; i < rest.length; i++) {
        const c = rest[i];
        if (c === '\\' && i + 1 < rest.length) value += rest[++i];
        else if (c === '"') break;
        else value += c;
      }
      rest = rest.slice(i + 1);
      return value;
    }
    const m = /^[^,\s]*/.exec(rest)!;
    rest = rest.slice(m[0].length);
    return m[0];
  }
}

/** The challenge to answer: Bearer before Basic; undefined when neither is offered. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}

/** A message and its chain of causes, each said once: 'a: b: c'. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!parts.some((p) => p.includes(msg))) parts.push(msg);
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(': ');
}

import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Sum of the sizes of the regular files under `dir`, hardlinked files counted once. */
export function treeSize(dir: string): number {
  const seen = new Set<number>();
  let total = 0;
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = lstatSync(p);
        if (st.nlink > 1) {
          if (seen.has(st.ino)) continue;
          seen.add(st.ino);
        }
        total += st.size;
      }
    }
  };
  walk(dir);
  return total;
}

// Before any test: the compiled build in dist/ is what the CLI tests run (as users do, with plain
// node), so it must match the sources. Rebuilt when any file under src/ is newer than the last
// build; `npm ci` builds it through `prepare`, so on a fresh clone this is a check only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const stamp = 'dist/.build-stamp';
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest('src')) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build (scripts/build.mjs) failed');
}

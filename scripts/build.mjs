#!/usr/bin/env node
// The compiled build: TypeScript from src/ to dist/ (tsc), and the data files the code reads next
// to itself (JSON, word lists, SQL migrations, the web UI's static files) copied alongside, so
// that `node dist/…` runs without tsx. `npm ci` runs it through `prepare`.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
cpSync(join(root, 'src'), join(root, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
// The bin entry (package.json) runs as a program.
chmodSync(join(root, 'dist/cli/main.js'), 0o755);
writeFileSync(join(root, 'dist/.build-stamp'), new Date().toISOString() + '\n');

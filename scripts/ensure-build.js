#!/usr/bin/env node
// Builds dist/ when it is missing or older than a source file; run at install (`prepare`) and
// before `npm start`, so a start after a fresh install takes seconds. An up-to-date build is left
// untouched: npm also runs `prepare` when `npx gevinstbot` first links this folder into its cache,
// and rewriting dist/ then would pull files from under a running bot or CLI that is loading them.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'src', 'index.js');

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((max, name) => Math.max(max, newest(path.join(p, name))), 0);
}

let stale = true;
try {
  const sources = Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'tsconfig.json')), newest(path.join(root, 'tsconfig.build.json')));
  stale = fs.statSync(built).mtimeMs < sources;
} catch {
  stale = true;
}
if (stale) {
  process.stdout.write('Building (TypeScript → dist/)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}

#!/usr/bin/env node
// CLI shim: runs the compiled CLI when dist/ is newer than every source file, else the TypeScript
// source via tsx (so `npx gevinstbot …` works in a checkout right after `npm install`, and never
// runs a stale build after an edit).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'src', 'cli.js');

function newest(dir) {
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return max;
}

let useBuilt = false;
try {
  // A deployment carries dist/ without src/ (docs/deploy.md): the build is all there is.
  const sources = fs.existsSync(path.join(root, 'src')) ? Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'cards'))) : 0;
  useBuilt = fs.statSync(built).mtimeMs >= sources;
} catch {
  useBuilt = false;
}
if (useBuilt) {
  require(built);
} else {
  require('tsx/cjs');
  require(path.join(root, 'src', 'cli.ts'));
}

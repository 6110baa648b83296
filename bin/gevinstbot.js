#!/usr/bin/env node
// CLI shim: runs the compiled CLI when it is built and current, else the TypeScript source via tsx
// (so `npx gevinstbot …` works in a checkout right after `npm install`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'src', 'cli.js');
const source = path.join(root, 'src', 'cli.ts');
const mtime = (p) => { try { return fs.statSync(p).mtimeMs; } catch { return 0; } };
if (mtime(built) > 0 && mtime(built) >= mtime(source)) {
  require(built);
} else {
  require('tsx/cjs');
  require(source);
}

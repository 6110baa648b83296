// The project root, whether running from src/ (tsx) or dist/src/ (compiled): the folder that holds
// package.json. Card templates and the manifest are read relative to it.
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'cards'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`project root not found above ${start}`);
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot(__dirname);

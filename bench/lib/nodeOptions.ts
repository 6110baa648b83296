// The node options production starts the bot with (`npm start`, package.json), so that a
// benchmark's bot process runs as production runs it: the footprint bot is started with them,
// and `npm run bench` starts every benchmark (the others run the bot in their own process) with them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function productionNodeOptions(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const start = pkg.scripts?.start ?? '';
  const m = /^node\s+(.*?)\s*\S+\.js\s*$/.exec(start);
  return m ? m[1].split(/\s+/).filter((a) => a.startsWith('--')) : [];
}

// The install-time build (`prepare`), run as npm runs it, on a copy of the project's build set-up
// with a one-file src/. npm runs `prepare` at `npm install` and again whenever `npx gevinstbot`
// first links this folder into a fresh npx cache (a CI machine, a new user): a build that is
// already up to date must then be left alone, or its files are rewritten under a bot or CLI that
// is loading them at that moment ("… is not a function" from a half-written module).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function npmRunPrepare(cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', 'prepare'], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the install-time build (npm run prepare)', function () {
  this.timeout(120_000);
  let dir: string;
  const built = () => path.join(dir, 'dist', 'src', 'index.js');
  const source = () => path.join(dir, 'src', 'index.ts');

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-prepare-'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; scripts: Record<string, string> };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg.name, private: true, scripts: { prepare: pkg.scripts.prepare, build: pkg.scripts.build } }));
    for (const f of ['tsconfig.json', 'tsconfig.build.json', 'scripts/ensure-build.js']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(source(), 'export const version = 1;\n');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds dist/ when there is none, leaves an up-to-date build untouched, and rebuilds after a source changes', async () => {
    const first = await npmRunPrepare(dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(fs.readFileSync(built(), 'utf8'), /exports\.version = 1/);

    // Up to date: not one byte or timestamp of the build changes.
    const before = fs.statSync(built()).mtimeMs;
    const again = await npmRunPrepare(dir);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /Building/);
    assert.equal(fs.statSync(built()).mtimeMs, before, 'the up-to-date build was rewritten');

    // A newer source: built again.
    fs.writeFileSync(source(), 'export const version = 2;\n');
    const later = new Date(before + 5_000);
    fs.utimesSync(source(), later, later);
    const rebuilt = await npmRunPrepare(dir);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.match(rebuilt.stdout, /Building/);
    assert.match(fs.readFileSync(built(), 'utf8'), /exports\.version = 2/);
  });
});

/**
 * `npm run package` refuses what Teams would refuse: Microsoft's own manifest validator
 * (@microsoft/app-manifest, offline), host-only validDomains that cover the bot and are not too
 * broad, a webApplicationInfo that matches the bot, and the icons the manifest names.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { PackageError, buildAppPackage, teamsSchemaPath } from '../../scripts/package-app';
import { checkIconFiles, checkValidDomains, checkWebApplicationInfo, microsoftSchemaProblems } from '../../scripts/package-checks';

const ROOT = path.resolve(__dirname, '..', '..');
const APP_ID = '1b2c3d4e-1111-2222-3333-444455556666';
const ENV = { MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://gevinstbot.example.no' };

/** A copy of teamsAppManifest/ with the template changed by `edit`. */
function brokenManifestDir(edit: (template: Record<string, unknown>) => void, icons?: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-manifest-'));
  for (const f of fs.readdirSync(path.join(ROOT, 'teamsAppManifest'))) fs.copyFileSync(path.join(ROOT, 'teamsAppManifest', f), path.join(dir, f));
  const file = path.join(dir, 'manifest.template.json');
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(template);
  fs.writeFileSync(file, JSON.stringify(template, null, 2));
  icons?.(dir);
  return dir;
}

function png(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const p = new PNG({ width, height });
  for (let i = 0; i < p.data.length; i += 4) p.data.set(rgba, i);
  return PNG.sync.write(p);
}

describe('Teams app package: the rules Teams applies', function () {
  this.timeout(30_000);

  it('Microsoft\'s validator accepts the real package and names what is wrong in a broken one, offline', async () => {
    const good = await buildAppPackage({ env: ENV, write: false });
    assert.deepEqual(await microsoftSchemaProblems(good.manifest, teamsSchemaPath()), []);
    const bad = { ...good.manifest, webApplicationInfo: { id: 'not-a-guid', resource: 'api://gevinstbot.example.no/x' } };
    const problems = await microsoftSchemaProblems(bad, teamsSchemaPath());
    assert.ok(problems.some((p) => p.includes('/webApplicationInfo/id')), problems.join('\n'));
    const longName = await microsoftSchemaProblems({ ...good.manifest, name: { short: 'G'.repeat(31), full: 'Gevinstbot' } }, teamsSchemaPath());
    assert.ok(longName.some((p) => p.includes('/name/short')), longName.join('\n'));
  });

  it('validDomains: host names only, not too broad, the bot\'s own host listed', () => {
    const host = 'gevinstbot.example.no';
    assert.deepEqual(checkValidDomains({ validDomains: [host] }, host), []);
    assert.deepEqual(checkValidDomains({ validDomains: ['*.example.no'] }, host), []);
    const p = checkValidDomains({ validDomains: ['https://gevinstbot.example.no/api', '*.azurewebsites.net', 'a*.example.no', 'other.example.no', 'other.example.no'] }, host);
    assert.match(p.join('\n'), /"https:\/\/gevinstbot\.example\.no\/api" must be a host name only.*\(e\.g\. "gevinstbot\.example\.no"\)/);
    assert.match(p.join('\n'), /"\*\.azurewebsites\.net" is too broad/);
    assert.match(p.join('\n'), /"a\*\.example\.no": a wildcard may only stand first/);
    assert.match(p.join('\n'), /"other\.example\.no" is listed twice/);
    assert.match(p.join('\n'), /must list the bot's own host "gevinstbot\.example\.no"/);
  });

  it('webApplicationInfo, when present: the bot\'s id and an api:// URI on a valid domain', () => {
    const base = { bots: [{ botId: APP_ID }], validDomains: ['gevinstbot.example.no'] };
    assert.deepEqual(checkWebApplicationInfo(base), [], 'absent is fine (no SSO)');
    assert.deepEqual(checkWebApplicationInfo({ ...base, webApplicationInfo: { id: APP_ID, resource: `api://gevinstbot.example.no/${APP_ID}` } }), []);
    assert.deepEqual(checkWebApplicationInfo({ ...base, webApplicationInfo: { id: APP_ID, resource: `api://botid-${APP_ID}` } }), []);
    const other = '99999999-1111-2222-3333-444455556666';
    assert.match(checkWebApplicationInfo({ ...base, webApplicationInfo: { id: other } }).join('\n'), /must be the bot's app id/);
    assert.match(checkWebApplicationInfo({ ...base, webApplicationInfo: { id: APP_ID, resource: `api://elsewhere.example/${APP_ID}` } }).join('\n'), /must be api:\/\/<one of validDomains>/);
  });

  it('icons: the files the manifest names, 192×192 colour, 32×32 white on transparent outline', () => {
    const manifest = { icons: { color: 'color.png', outline: 'outline.png' } };
    const real = { 'color.png': fs.readFileSync(path.join(ROOT, 'teamsAppManifest', 'color.png')), 'outline.png': fs.readFileSync(path.join(ROOT, 'teamsAppManifest', 'outline.png')) };
    assert.deepEqual(checkIconFiles(manifest, real), []);
    const p = checkIconFiles(manifest, { 'color.png': png(96, 96, [18, 113, 95, 255]), 'outline.png': png(32, 32, [255, 255, 255, 255]) });
    assert.match(p.join('\n'), /color\.png \(colour icon\) is 96×96, must be 192×192/);
    assert.match(p.join('\n'), /outline\.png \(outline icon\) has no transparent pixels/);
    assert.match(checkIconFiles({ icons: { color: 'color.png', outline: 'logo.png' } }, real).join('\n'), /icons\.outline names "logo\.png", which is not in the package/);
    assert.match(checkIconFiles(manifest, { ...real, 'outline.png': png(32, 32, [0, 0, 0, 0]).fill(0, 60) }).join('\n'), /not a readable PNG/);
  });

  it('buildAppPackage refuses a package Teams would reject, with every reason', async () => {
    const dir = brokenManifestDir((t) => {
      t.validDomains = ['${{VALID_DOMAIN}}', '*.azurewebsites.net'];
    }, (d) => fs.writeFileSync(path.join(d, 'outline.png'), png(32, 32, [200, 0, 0, 255])));
    try {
      await assert.rejects(buildAppPackage({ env: ENV, manifestDir: dir, write: false }), (e: unknown) => {
        assert.ok(e instanceof PackageError);
        assert.match(e.message, /outline\.png has no transparent pixels/);
        return true;
      });
      fs.copyFileSync(path.join(ROOT, 'teamsAppManifest', 'outline.png'), path.join(dir, 'outline.png'));
      await assert.rejects(buildAppPackage({ env: ENV, manifestDir: dir, write: false }), /Teams would refuse this package:\n {2}validDomains: "\*\.azurewebsites\.net" is too broad/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run package exits non-zero with the reason, and writes nothing', () => {
    const dir = brokenManifestDir((t) => {
      t.webApplicationInfo = { id: '${{BOT_ID}}', resource: 'api://somewhere.example/${{BOT_ID}}' };
    });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-pkg-out-'));
    try {
      const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'scripts/package-app.ts', '--manifest-dir', dir, '--out', out], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...ENV },
        encoding: 'utf8',
      });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /^package-app: Teams would refuse this package:\n {2}webApplicationInfo\.resource "api:\/\/somewhere\.example\/1b2c3d4e-1111-2222-3333-444455556666" must be api:\/\/<one of validDomains>/m);
      assert.deepEqual(fs.readdirSync(out), []);
      const ok = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'scripts/package-app.ts', '--out', out], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...ENV }, encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(fs.readdirSync(out).sort(), ['appPackage.zip', 'manifest.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

/**
 * The Teams app package must be accepted by Teams: schema-valid manifest, right icon sizes,
 * a transparent outline, exactly three files at the zip root, command menus within limits.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import {
  MANIFEST_COMMANDS,
  MAX_COMMANDS_PER_SCOPE,
  MAX_COMMAND_DESCRIPTION,
  MAX_COMMAND_TITLE,
} from '../../../src/bot/manifestCommands';
import {
  MANIFEST_VERSION,
  PLACEHOLDER_APP_ID,
  PackageError,
  buildAppPackage,
  checkCommands,
  teamsSchemaPath,
  validateManifest,
} from '../../../scripts/package-app';

const APP_ID = '1b2c3d4e-1111-2222-3333-444455556666';
const MANIFEST_DIR = path.resolve(__dirname, '..', '..', '..', 'teamsAppManifest');

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  developer: Record<string, string>;
  validDomains: string[];
  bots: { botId: string; scopes: string[]; supportsFiles?: boolean; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
}

describe('Teams app package', function () {
  this.timeout(20_000);
  let outDir: string;
  let manifest: Manifest;
  let zip: Buffer;

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-pkg-'));
    const r = await buildAppPackage({
      env: { MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://gevinstbot.example.no' },
      outDir,
    });
    manifest = r.manifest as unknown as Manifest;
    zip = r.zip;
    assert.deepEqual(r.warnings, []);
  });
  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it(`targets manifest schema v${MANIFEST_VERSION} and validates against it`, () => {
    const schema = JSON.parse(fs.readFileSync(teamsSchemaPath(), 'utf8')) as { properties: { manifestVersion: { const?: string; enum?: string[] } } };
    const allowed = schema.properties.manifestVersion.const ?? schema.properties.manifestVersion.enum?.[0];
    assert.equal(manifest.manifestVersion, allowed);
    assert.equal(manifest.$schema, `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
    assert.deepEqual(validateManifest(manifest), []);
  });

  it('the validator really rejects a bad manifest', () => {
    const bad = JSON.parse(JSON.stringify(manifest)) as Manifest & { extra?: boolean };
    bad.name.short = 'x'.repeat(31);
    bad.id = 'not-a-guid';
    bad.extra = true;
    const errors = validateManifest(bad);
    assert.ok(errors.some((e) => e.startsWith('/name/short')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('/id')), errors.join('\n'));
    assert.ok(errors.some((e) => /additional properties/.test(e)), errors.join('\n'));
  });

  it('fills ids, domain, developer links and names', () => {
    assert.equal(manifest.id, APP_ID);
    assert.equal(manifest.bots[0]?.botId, APP_ID);
    assert.deepEqual(manifest.validDomains, ['gevinstbot.example.no']);
    assert.equal(manifest.developer.name, 'Gevinstbot');
    for (const k of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) assert.match(manifest.developer[k] ?? '', /^https:\/\/gevinstbot\.example\.no\//);
    assert.equal(manifest.name.short, 'Gevinstbot');
    assert.equal(manifest.name.full, 'Gevinstbot – gevinstrealisering i Teams');
    assert.ok(manifest.description.short.length <= 80);
    assert.ok(manifest.description.full.length <= 4000);
    assert.deepEqual(manifest.bots[0]?.scopes, ['personal', 'team']);
    assert.equal(JSON.stringify(manifest).includes('${{'), false, 'no placeholder left');
  });

  it('command lists: one per scope, from MANIFEST_COMMANDS, within Teams limits', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    assert.deepEqual(lists.map((l) => l.scopes), [['personal'], ['team']]);
    assert.deepEqual(lists[0]?.commands, MANIFEST_COMMANDS.personal);
    assert.deepEqual(lists[1]?.commands, MANIFEST_COMMANDS.team);
    for (const list of lists) {
      assert.ok(list.commands.length > 0 && list.commands.length <= MAX_COMMANDS_PER_SCOPE);
      for (const c of list.commands) {
        assert.ok(c.title.length > 0 && c.title.length <= MAX_COMMAND_TITLE, c.title);
        assert.ok(c.description.length <= MAX_COMMAND_DESCRIPTION, c.title);
        // Titles are the literal COMMANDS.md keywords the user sends; lower case, no syntax.
        assert.match(c.title, /^[a-z]+( [a-z]+)?$/, c.title);
      }
    }
    assert.ok(lists[0]?.commands.some((c) => c.title === 'measure'));
    // Files reach a bot only in the personal chat, and only with supportsFiles: that is where import is.
    assert.ok(lists[0]?.commands.some((c) => c.title === 'import'));
    assert.equal(manifest.bots[0]?.supportsFiles, true);
    assert.ok(lists[1]?.commands.some((c) => c.title === 'plan new'));
    assert.deepEqual(checkCommands({ personal: Array.from({ length: 11 }, (_, i) => ({ title: `c${i}`, description: '' })), team: [] }).length, 1);
  });

  it('icons: color 192×192, outline 32×32 white on transparent', () => {
    const color = PNG.sync.read(fs.readFileSync(path.join(MANIFEST_DIR, 'color.png')));
    assert.deepEqual([color.width, color.height], [192, 192]);
    // Full colour: the corner is opaque background.
    assert.equal(color.data[3], 255);
    const outline = PNG.sync.read(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')));
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let transparent = 0;
    let visible = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const a = outline.data[i + 3] ?? 0;
      if (a === 0) transparent++;
      else {
        visible++;
        assert.deepEqual([outline.data[i], outline.data[i + 1], outline.data[i + 2]], [255, 255, 255], `pixel ${i / 4}`);
      }
    }
    assert.equal(outline.data[3], 0, 'corner is transparent');
    assert.ok(transparent > 200 && visible > 100, `${transparent} transparent, ${visible} visible`);
  });

  it('the zip holds exactly manifest.json, color.png and outline.png at its root', async () => {
    const files = Object.values((await JSZip.loadAsync(zip)).files).filter((f) => !f.dir).map((f) => f.name).sort();
    assert.deepEqual(files, ['color.png', 'manifest.json', 'outline.png']);
    const onDisk = await JSZip.loadAsync(fs.readFileSync(path.join(outDir, 'appPackage.zip')));
    const inZip = JSON.parse(await onDisk.file('manifest.json')!.async('string')) as Manifest;
    assert.deepEqual(inZip, JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')));
    assert.deepEqual(
      Buffer.from(await onDisk.file('outline.png')!.async('uint8array')),
      fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')),
    );
  });

  it('refuses a missing app id unless a placeholder is allowed, and non-https URLs', async () => {
    await assert.rejects(buildAppPackage({ env: {}, write: false }), PackageError);
    const r = await buildAppPackage({ env: {}, allowPlaceholder: true, write: false });
    assert.equal(r.manifest.id, PLACEHOLDER_APP_ID);
    assert.deepEqual(r.manifest.validDomains, ['example.invalid']);
    assert.equal(r.warnings.length, 2);
    assert.deepEqual(validateManifest(r.manifest), []);
    await assert.rejects(buildAppPackage({ env: { MicrosoftAppId: APP_ID, PUBLIC_URL: 'http://localhost:3978' }, write: false }), /https/);
    await assert.rejects(buildAppPackage({ env: { MicrosoftAppId: 'abc' }, write: false }), /GUID/);
  });
});

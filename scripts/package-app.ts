/**
 * Builds the Teams app package: fills teamsAppManifest/manifest.template.json, validates it
 * against Microsoft's Teams manifest schema (v1.24, shipped by @microsoft/app-manifest),
 * checks the icons and writes build/manifest.json and build/appPackage.zip.
 *
 *   npm run package                          # needs MicrosoftAppId (and PUBLIC_URL)
 *   npm run package -- --allow-placeholder   # all-zero app id, for a local look
 *   npm run package -- --out some/dir
 *   npm run package -- --manifest-dir some/dir   # another template and icons (tests)
 *
 * Environment: MicrosoftAppId (the bot's Entra app id, also used as the Teams app id),
 * PUBLIC_URL (https base URL of the bot; its host becomes validDomains and the developer
 * URLs hang under it).
 */
import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import {
  MANIFEST_COMMANDS,
  MAX_COMMANDS_PER_SCOPE,
  MAX_COMMAND_DESCRIPTION,
  MAX_COMMAND_TITLE,
  type ManifestCommands,
} from '../src/bot/manifestCommands';
import { ACCENT_COLOR } from './make-icons';
import { checkIconFiles, checkValidDomains, checkWebApplicationInfo, microsoftSchemaProblems } from './package-checks';

export const MANIFEST_VERSION = '1.24';
export const PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';
export const FALLBACK_PUBLIC_URL = 'https://example.invalid';
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

const ROOT = path.resolve(__dirname, '..');
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export class PackageError extends Error {
  override name = 'PackageError';
}

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Use the all-zero app id when MicrosoftAppId is missing (never for a real upload). */
  allowPlaceholder?: boolean;
  /** Where manifest.template.json and the icons are; default teamsAppManifest/. */
  manifestDir?: string;
  /** Where manifest.json and appPackage.zip go; default build/. */
  outDir?: string;
  /** Default true; false builds everything in memory only. */
  write?: boolean;
  commands?: ManifestCommands;
}

export interface BuildResult {
  manifest: Record<string, unknown>;
  zip: Buffer;
  manifestPath?: string;
  zipPath?: string;
  warnings: string[];
}

/** The Teams schema for the manifest version we target, from the installed @microsoft/app-manifest. */
export function teamsSchemaPath(version = MANIFEST_VERSION): string {
  const pkg = require.resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
}

let cachedValidator: ((data: unknown) => string[]) | undefined;

/**
 * Validates a manifest against the Teams schema; returns readable errors (empty = valid).
 * The schema is JSON Schema draft-04, which Ajv 8's default class no longer supports, hence
 * ajv-draft-04 (same Ajv engine, draft-04 meta-schema and keyword semantics).
 */
export function validateManifest(manifest: unknown): string[] {
  if (!cachedValidator) {
    const schema = JSON.parse(fs.readFileSync(teamsSchemaPath(), 'utf8')) as Record<string, unknown>;
    // strict: false because the schema carries annotations Ajv does not know (e.g. deprecationMessage).
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    cachedValidator = (data) =>
      validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  }
  return cachedValidator(manifest);
}

/** Teams limits that the schema does not (or not as strictly) enforce. */
export function checkCommands(commands: ManifestCommands): string[] {
  const problems: string[] = [];
  for (const [scope, list] of Object.entries(commands) as [string, ManifestCommands['personal']][]) {
    if (list.length > MAX_COMMANDS_PER_SCOPE) problems.push(`${scope}: ${list.length} commands (Teams shows at most ${MAX_COMMANDS_PER_SCOPE})`);
    const seen = new Set<string>();
    for (const c of list) {
      if (!c.title.trim()) problems.push(`${scope}: empty command title`);
      if (c.title.length > MAX_COMMAND_TITLE) problems.push(`${scope}: title "${c.title}" longer than ${MAX_COMMAND_TITLE}`);
      if (c.description.length > MAX_COMMAND_DESCRIPTION) {
        problems.push(`${scope}: description of "${c.title}" longer than ${MAX_COMMAND_DESCRIPTION}`);
      }
      if (seen.has(c.title)) problems.push(`${scope}: duplicate title "${c.title}"`);
      seen.add(c.title);
    }
  }
  return problems;
}

/** Size and transparency rules Teams applies to the two icons. */
export function checkIcons(dir: string): string[] {
  const problems: string[] = [];
  const read = (file: string): PNG | undefined => {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) {
      problems.push(`${file} is missing (run: npx tsx scripts/make-icons.ts)`);
      return undefined;
    }
    try {
      return PNG.sync.read(fs.readFileSync(p));
    } catch (e) {
      problems.push(`${file} is not a readable PNG: ${(e as Error).message}`);
      return undefined;
    }
  };
  const color = read('color.png');
  if (color && (color.width !== 192 || color.height !== 192)) problems.push(`color.png is ${color.width}×${color.height}, must be 192×192`);
  const outline = read('outline.png');
  if (outline) {
    if (outline.width !== 32 || outline.height !== 32) problems.push(`outline.png is ${outline.width}×${outline.height}, must be 32×32`);
    let transparent = 0;
    let nonWhite = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const a = outline.data[i + 3] ?? 0;
      if (a === 0) transparent++;
      else if ((outline.data[i] ?? 0) < 240 || (outline.data[i + 1] ?? 0) < 240 || (outline.data[i + 2] ?? 0) < 240) nonWhite++;
    }
    if (transparent === 0) problems.push('outline.png has no transparent pixels (must be white on transparent)');
    if (nonWhite > 0) problems.push(`outline.png has ${nonWhite} visible pixels that are not white`);
  }
  return problems;
}

function appVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '1.0.0';
}

/** Replaces ${{NAME}} placeholders in the template text (JSON-escaped), then parses it. */
export function fillTemplate(template: string, values: Record<string, string>): Record<string, unknown> {
  const text = template.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new PackageError(`manifest template: no value for ${whole}`);
    return JSON.stringify(v).slice(1, -1);
  });
  return JSON.parse(text) as Record<string, unknown>;
}

interface BotEntry {
  commandLists?: { scopes: string[]; commands: { title: string; description: string }[] }[];
}

export async function buildAppPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const env = options.env ?? process.env;
  const manifestDir = options.manifestDir ?? path.join(ROOT, 'teamsAppManifest');
  const outDir = options.outDir ?? path.join(ROOT, 'build');
  const commands = options.commands ?? MANIFEST_COMMANDS;
  const warnings: string[] = [];

  let botId = env.MicrosoftAppId?.trim();
  if (!botId) {
    if (!options.allowPlaceholder) {
      throw new PackageError('MicrosoftAppId is not set: the manifest needs the bot\'s app id (or pass --allow-placeholder for a local look).');
    }
    botId = PLACEHOLDER_APP_ID;
    warnings.push(`MicrosoftAppId not set: using the placeholder ${PLACEHOLDER_APP_ID}; Teams will not accept this package.`);
  }
  if (!GUID.test(botId)) throw new PackageError(`MicrosoftAppId "${botId}" is not a GUID.`);

  let publicUrl = env.PUBLIC_URL?.trim();
  if (!publicUrl) {
    publicUrl = FALLBACK_PUBLIC_URL;
    warnings.push(`PUBLIC_URL not set: using ${FALLBACK_PUBLIC_URL} for the developer links and validDomains.`);
  }
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new PackageError(`PUBLIC_URL "${publicUrl}" is not a URL.`);
  }
  // Teams rejects http links in the manifest, and a bot endpoint must be https anyway.
  if (url.protocol !== 'https:') throw new PackageError(`PUBLIC_URL "${publicUrl}" must use https.`);
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;

  const commandProblems = checkCommands(commands);
  if (commandProblems.length) throw new PackageError(`command lists:\n  ${commandProblems.join('\n  ')}`);

  const template = fs.readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8');
  const manifest = fillTemplate(template, {
    BOT_ID: botId.toLowerCase(),
    VALID_DOMAIN: url.hostname,
    PUBLIC_URL: base,
    APP_VERSION: appVersion(),
    ACCENT_COLOR,
  });
  const bot = (manifest.bots as BotEntry[] | undefined)?.[0];
  for (const list of bot?.commandLists ?? []) {
    const scope = list.scopes[0];
    if (scope === 'personal' || scope === 'team') list.commands = commands[scope].map((c) => ({ title: c.title, description: c.description }));
  }

  const schemaErrors = validateManifest(manifest);
  if (schemaErrors.length) throw new PackageError(`manifest does not match the Teams v${MANIFEST_VERSION} schema:\n  ${schemaErrors.join('\n  ')}`);
  const microsoftErrors = await microsoftSchemaProblems(manifest, teamsSchemaPath());
  if (microsoftErrors.length) throw new PackageError(`Microsoft's manifest validator (@microsoft/app-manifest) refuses the manifest:\n  ${microsoftErrors.join('\n  ')}`);
  const iconProblems = checkIcons(manifestDir);
  if (iconProblems.length) throw new PackageError(`icons:\n  ${iconProblems.join('\n  ')}`);
  const icons = manifest.icons as { color?: string; outline?: string } | undefined;
  const packaged: Record<string, Buffer> = {};
  for (const name of [icons?.color, icons?.outline]) {
    if (name && fs.existsSync(path.join(manifestDir, name))) packaged[name] = fs.readFileSync(path.join(manifestDir, name));
  }
  const ruleProblems = [...checkValidDomains(manifest, url.hostname), ...checkWebApplicationInfo(manifest), ...checkIconFiles(manifest, packaged)];
  if (ruleProblems.length) throw new PackageError(`Teams would refuse this package:\n  ${ruleProblems.join('\n  ')}`);

  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const zip = new JSZip();
  // A fixed date makes the zip byte-identical for identical inputs.
  const date = new Date('2020-01-01T00:00:00Z');
  zip.file('manifest.json', manifestJson, { date });
  for (const [name, data] of Object.entries(packaged)) zip.file(name, data, { date });
  const zipBuffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

  const result: BuildResult = { manifest, zip: zipBuffer, warnings };
  if (options.write !== false) {
    fs.mkdirSync(outDir, { recursive: true });
    result.manifestPath = path.join(outDir, 'manifest.json');
    result.zipPath = path.join(outDir, 'appPackage.zip');
    fs.writeFileSync(result.manifestPath, manifestJson);
    fs.writeFileSync(result.zipPath, zipBuffer);
  }
  return result;
}

async function main(argv: string[]): Promise<void> {
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  try {
    const dirIndex = argv.indexOf('--manifest-dir');
    const manifestDir = dirIndex >= 0 ? argv[dirIndex + 1] : undefined;
    const r = await buildAppPackage({
      allowPlaceholder: argv.includes('--allow-placeholder'),
      outDir: outDir && path.resolve(outDir),
      manifestDir: manifestDir && path.resolve(manifestDir),
    });
    for (const w of r.warnings) console.warn(`warning: ${w}`);
    console.log(`Teams app package (manifest v${MANIFEST_VERSION}) written:\n  ${r.manifestPath}\n  ${r.zipPath}`);
  } catch (e) {
    console.error(e instanceof PackageError ? `package-app: ${e.message}` : e);
    process.exitCode = 1;
  }
}

if (require.main === module) void main(process.argv.slice(2));

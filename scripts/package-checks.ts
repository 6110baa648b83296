/**
 * What Teams checks when an admin uploads the app package, beyond the JSON schema, and
 * Microsoft's own manifest validator. Used by scripts/package-app.ts; every problem is a
 * sentence that says what to change. Microsoft 365 Agents Toolkit's CLI (`atk validate`) runs
 * the same schema validation offline (`--manifest-file`); its package rules (`--package-file`)
 * need a Microsoft 365 sign-in and the Developer Portal, so the rules Teams applies to
 * domains, ids and icons are checked here (docs/deploy.md says so).
 */
import fs from 'node:fs';
import { PNG } from 'pngjs';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Wildcards Teams refuses: a whole public suffix, or a shared host every tenant's apps live under. */
const TOO_BROAD = new Set([
  'com', 'net', 'org', 'no', 'io', 'app', 'dev', 'cloud', 'kommune.no',
  'azurewebsites.net', 'azurecontainerapps.io', 'cloudapp.net', 'cloudapp.azure.com', 'onmicrosoft.com',
  'windows.net', 'core.windows.net', 'azurefd.net', 'trafficmanager.net', 'ngrok.io', 'ngrok-free.app', 'devtunnels.ms',
]);

interface ManifestLike {
  id?: string;
  icons?: { color?: string; outline?: string };
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
  bots?: { botId?: string }[];
  developer?: Record<string, string>;
}

/** validDomains: bare host names (a leading `*.` allowed), no scheme, path or port, none too broad, the bot's own host listed. */
export function checkValidDomains(manifest: ManifestLike, publicHost: string): string[] {
  const problems: string[] = [];
  const domains = manifest.validDomains ?? [];
  const seen = new Set<string>();
  for (const d of domains) {
    const where = `validDomains: "${d}"`;
    if (/[:/?#@\s]/.test(d)) {
      problems.push(`${where} must be a host name only, without https://, a path or a port (e.g. "${d.replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0]}")`);
      continue;
    }
    if (d.includes('*', d.startsWith('*.') ? 1 : 0)) {
      problems.push(`${where}: a wildcard may only stand first, as "*."`);
      continue;
    }
    const host = d.startsWith('*.') ? d.slice(2) : d;
    if (!host.split('.').every((label) => HOST_LABEL.test(label)) || !host.includes('.')) {
      problems.push(`${where} is not a host name`);
      continue;
    }
    if (d.startsWith('*.') && TOO_BROAD.has(host.toLowerCase())) problems.push(`${where} is too broad: Teams refuses a wildcard over a shared or top-level domain; list your own host`);
    if (seen.has(d.toLowerCase())) problems.push(`${where} is listed twice`);
    seen.add(d.toLowerCase());
  }
  const covered = (host: string) =>
    domains.some((d) => d.toLowerCase() === host.toLowerCase() || (d.startsWith('*.') && host.toLowerCase().endsWith(d.slice(1).toLowerCase())));
  if (!covered(publicHost)) problems.push(`validDomains must list the bot's own host "${publicHost}" (from PUBLIC_URL)`);
  return problems;
}

/**
 * webApplicationInfo (Entra SSO) is optional and Gevinstbot has none today. When present Teams
 * requires the app registration's id (for a bot, the bot's own) and an Application ID URI on a
 * valid domain: api://<valid domain>/<id> or api://botid-<id>.
 */
export function checkWebApplicationInfo(manifest: ManifestLike): string[] {
  const info = manifest.webApplicationInfo;
  if (!info) return [];
  const problems: string[] = [];
  const botId = manifest.bots?.[0]?.botId;
  if (!info.id || !GUID.test(info.id)) problems.push('webApplicationInfo.id must be the Entra app registration\'s id (a GUID)');
  else if (botId && info.id.toLowerCase() !== botId.toLowerCase()) problems.push(`webApplicationInfo.id (${info.id}) must be the bot's app id ${botId}`);
  if (info.resource !== undefined) {
    const m = /^api:\/\/([^/]+)(?:\/(.+))?$/.exec(info.resource);
    const ok =
      m !== null &&
      ((m[1] === `botid-${info.id}` && m[2] === undefined) ||
        ((manifest.validDomains ?? []).some((d) => d.toLowerCase() === m[1]!.toLowerCase()) && (m[2] === info.id || m[2] === `botid-${info.id}`)));
    if (!ok) problems.push(`webApplicationInfo.resource "${info.resource}" must be api://<one of validDomains>/${info.id ?? '<id>'} or api://botid-${info.id ?? '<id>'}`);
  }
  return problems;
}

/** The icon files the manifest names must be the ones in the package, PNG, and right: color 192×192, outline 32×32 white on transparent. */
export function checkIconFiles(manifest: ManifestLike, files: Record<string, Buffer>): string[] {
  const problems: string[] = [];
  const read = (name: string | undefined, role: 'color' | 'outline'): PNG | undefined => {
    if (!name) {
      problems.push(`icons.${role} is missing in the manifest`);
      return undefined;
    }
    const data = files[name];
    if (!data) {
      problems.push(`icons.${role} names "${name}", which is not in the package`);
      return undefined;
    }
    try {
      return PNG.sync.read(data);
    } catch (e) {
      problems.push(`${name} is not a readable PNG: ${(e as Error).message}`);
      return undefined;
    }
  };
  const color = read(manifest.icons?.color, 'color');
  if (color && (color.width !== 192 || color.height !== 192)) problems.push(`${manifest.icons!.color} (colour icon) is ${color.width}×${color.height}, must be 192×192`);
  const outline = read(manifest.icons?.outline, 'outline');
  if (outline) {
    const name = manifest.icons!.outline!;
    if (outline.width !== 32 || outline.height !== 32) problems.push(`${name} (outline icon) is ${outline.width}×${outline.height}, must be 32×32`);
    let transparent = 0;
    let nonWhite = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      if ((outline.data[i + 3] ?? 0) === 0) transparent++;
      else if ((outline.data[i] ?? 0) < 240 || (outline.data[i + 1] ?? 0) < 240 || (outline.data[i + 2] ?? 0) < 240) nonWhite++;
    }
    if (transparent === 0) problems.push(`${name} (outline icon) has no transparent pixels: it must be white on a transparent background`);
    if (nonWhite > 0) problems.push(`${name} (outline icon) has ${nonWhite} visible pixels that are not white`);
  }
  return problems;
}

/** Microsoft's own manifest validator (@microsoft/app-manifest, what the Agents Toolkit CLI runs), on the schema file given, never fetched. */
export async function microsoftSchemaProblems(manifest: unknown, schemaPath: string): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppManifestUtils } = require('@microsoft/app-manifest') as {
    AppManifestUtils: { validateAgainstSchema(m: unknown, schema: unknown): Promise<string[]> };
  };
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as unknown;
  return AppManifestUtils.validateAgainstSchema(manifest, schema);
}

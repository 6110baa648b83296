// Environment → typed, validated configuration. Every problem is reported at once, one line
// per variable, so an operator fixes a broken deployment in one go instead of one restart per typo.
import { z } from 'zod';

// A GUID, also with a 13-digit last group: the Agents Playground's tenant and object ids have one.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i;
const UPN = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface Config {
  port: number;
  host: string;
  /** Local mode: no App ID, no authentication, loopback only. */
  localMode: boolean;
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  appTenantId: string;
  /** Absent: embedded Azurite under dataDir. */
  storageConnectionString?: string;
  dataDir: string;
  /** AAD object ids (lower-case) and UPNs (lower-case) of bootstrap admins. */
  admins: string[];
  allowedTenants: string[];
  scheduler: boolean;
  teamsMaxRps: number;
  /** How long a shard lease lasts unless renewed (renewed four times as often). */
  leaseTtlMs: number;
  publicUrl: string;
  reportSecret: string;
  reportTtlHours: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('127.0.0.1'),
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: z.string().trim().default(''),
  AZURE_STORAGE_CONNECTION_STRING: z.string().trim().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  ADMINS: z.string().default(''),
  ALLOWED_TENANTS: z.string().default(''),
  SCHEDULER: z.enum(['on', 'off']).default('on'),
  TEAMS_MAX_RPS: z.coerce.number().positive().max(1000).default(30),
  LEASE_TTL_SECONDS: z.coerce.number().min(3).max(600).default(60),
  PUBLIC_URL: z.string().default(''),
  REPORT_SECRET: z.string().default(''),
  REPORT_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set": .env files often carry `NAME=` lines.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') cleaned[key] = v;
  }
  const parsed = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      problems.push(`${name}: ${issue.message} (got ${JSON.stringify(cleaned[name] ?? '')})`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const localMode = e.MicrosoftAppId === '';

  if (!localMode && !GUID.test(e.MicrosoftAppId)) {
    problems.push('MicrosoftAppId: must be the bot\'s Microsoft App ID (a GUID)');
  }
  if (!localMode && e.MicrosoftAppType !== 'UserAssignedMSI' && e.MicrosoftAppPassword === '') {
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set (client secret of the app registration)');
  }
  if (!localMode && e.MicrosoftAppType !== 'MultiTenant' && !GUID.test(e.MicrosoftAppTenantId)) {
    problems.push(`MicrosoftAppTenantId: required (a GUID) when MicrosoftAppType is ${e.MicrosoftAppType}`);
  }
  if (localMode && !LOOPBACK.has(e.HOST)) {
    problems.push(
      `HOST: without MicrosoftAppId the bot runs unauthenticated and listens on loopback only; got ${JSON.stringify(e.HOST)} (set HOST=127.0.0.1, or configure MicrosoftAppId)`,
    );
  }

  const admins = list(e.ADMINS);
  const badAdmins = admins.filter((a) => !GUID.test(a) && !UPN.test(a));
  if (badAdmins.length > 0) {
    problems.push(
      `ADMINS: each entry must be an AAD object id (GUID) or a UPN/e-mail; not valid: ${badAdmins.map((a) => JSON.stringify(a)).join(', ')}`,
    );
  }
  const tenants = list(e.ALLOWED_TENANTS);
  const badTenants = tenants.filter((t) => !GUID.test(t));
  if (badTenants.length > 0) {
    problems.push(`ALLOWED_TENANTS: each entry must be a tenant id (GUID); not valid: ${badTenants.join(', ')}`);
  }
  if (!localMode && tenants.length === 0) {
    problems.push('ALLOWED_TENANTS: required when MicrosoftAppId is set (the tenant ids this bot serves)');
  }

  if (e.AZURE_STORAGE_CONNECTION_STRING !== undefined && !isConnectionString(e.AZURE_STORAGE_CONNECTION_STRING)) {
    problems.push(
      'AZURE_STORAGE_CONNECTION_STRING: not a storage connection string (expected "UseDevelopmentStorage=true" or "DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;…" or an account URL with a SAS)',
    );
  }

  let publicUrl = e.PUBLIC_URL.replace(/\/+$/, '');
  if (publicUrl === '') publicUrl = `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`;
  else if (!/^https?:\/\/[^\s/]+/.test(publicUrl)) problems.push('PUBLIC_URL: must be an http(s) URL, e.g. https://gevinstbot.example.no');

  if (!localMode && e.REPORT_SECRET.length < 32) {
    problems.push('REPORT_SECRET: required with MicrosoftAppId, at least 32 characters (signs report links)');
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT,
    host: e.HOST,
    localMode,
    appId: e.MicrosoftAppId,
    appPassword: e.MicrosoftAppPassword,
    appType: e.MicrosoftAppType,
    appTenantId: e.MicrosoftAppTenantId,
    storageConnectionString: e.AZURE_STORAGE_CONNECTION_STRING,
    dataDir: e.DATA_DIR,
    admins: admins.map((a) => a.toLowerCase()),
    allowedTenants: tenants.map((t) => t.toLowerCase()),
    scheduler: e.SCHEDULER === 'on',
    teamsMaxRps: e.TEAMS_MAX_RPS,
    leaseTtlMs: Math.round(e.LEASE_TTL_SECONDS * 1000),
    publicUrl,
    // Local mode: a per-process random secret is fine; links die with the process, which is honest.
    reportSecret: e.REPORT_SECRET || require('node:crypto').randomBytes(32).toString('hex'),
    reportTtlHours: e.REPORT_TTL_HOURS,
    logLevel: e.LOG_LEVEL,
  };
}

function isConnectionString(s: string): boolean {
  if (/^UseDevelopmentStorage=true$/i.test(s)) return true;
  if (/^https?:\/\/[^\s]+\?.*sig=/.test(s)) return true; // account URL + SAS
  const parts = new Map<string, string>();
  for (const seg of s.split(';')) {
    if (seg.trim() === '') continue;
    const i = seg.indexOf('=');
    if (i <= 0) return false;
    parts.set(seg.slice(0, i).trim().toLowerCase(), seg.slice(i + 1).trim());
  }
  const hasAccount = parts.has('accountname') && (parts.has('accountkey') || parts.has('sharedaccesssignature'));
  const hasEndpoint = parts.has('tableendpoint') || parts.has('defaultendpointsprotocol');
  return hasAccount && hasEndpoint;
}

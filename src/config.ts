// Environment → typed, validated configuration. Every problem is reported at once, one line
// per variable, so an operator fixes a broken deployment in one go instead of one restart per typo.
import { z } from 'zod';
import { appInsightsProblem, connectionStringProblem, secretProblem, tableUrlProblem } from './configChecks';

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
  /** Absent (and no table URL): embedded Azurite under dataDir. */
  storageConnectionString?: string;
  /** Keyless Table Storage: the table endpoint, reached with DefaultAzureCredential (managed identity in Azure). */
  storageTableUrl?: string;
  /** Set: traces, logs and metrics go to Application Insights (src/telemetry). */
  appInsightsConnectionString?: string;
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
  AZURE_STORAGE_TABLE_URL: z.string().trim().optional(),
  AZURE_STORAGE_ACCOUNT_URL: z.string().trim().optional(),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().trim().optional(),
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

  const csProblem = e.AZURE_STORAGE_CONNECTION_STRING !== undefined ? connectionStringProblem(e.AZURE_STORAGE_CONNECTION_STRING) : undefined;
  if (csProblem) problems.push(`AZURE_STORAGE_CONNECTION_STRING: ${csProblem}`);
  const tableUrl = storageTableUrl(e, problems);
  if (tableUrl !== undefined && e.AZURE_STORAGE_CONNECTION_STRING !== undefined) {
    problems.push('AZURE_STORAGE_CONNECTION_STRING: set either it or the keyless AZURE_STORAGE_TABLE_URL, not both (remove the connection string to use the managed identity)');
  }
  const aiProblem = e.APPLICATIONINSIGHTS_CONNECTION_STRING !== undefined ? appInsightsProblem(e.APPLICATIONINSIGHTS_CONNECTION_STRING) : undefined;
  if (aiProblem) problems.push(`APPLICATIONINSIGHTS_CONNECTION_STRING: ${aiProblem}`);

  let publicUrl = e.PUBLIC_URL.replace(/\/+$/, '');
  if (publicUrl === '') publicUrl = `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`;
  else if (!/^https?:\/\/[^\s/]+/.test(publicUrl)) problems.push('PUBLIC_URL: must be an http(s) URL, e.g. https://gevinstbot.example.no');

  if (!localMode && e.REPORT_SECRET === '') {
    problems.push('REPORT_SECRET: required with MicrosoftAppId (signs report links); make one with: openssl rand -hex 32');
  } else if (e.REPORT_SECRET !== '') {
    const weak = secretProblem(e.REPORT_SECRET);
    if (weak) problems.push(`REPORT_SECRET: ${weak}`);
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
    storageTableUrl: tableUrl,
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
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

/** AZURE_STORAGE_TABLE_URL, or its other name AZURE_STORAGE_ACCOUNT_URL; both set must agree. */
function storageTableUrl(e: { AZURE_STORAGE_TABLE_URL?: string; AZURE_STORAGE_ACCOUNT_URL?: string }, problems: string[]): string | undefined {
  const table = e.AZURE_STORAGE_TABLE_URL?.replace(/\/+$/, '');
  const account = e.AZURE_STORAGE_ACCOUNT_URL?.replace(/\/+$/, '');
  if (table !== undefined && account !== undefined && table !== account) {
    problems.push('AZURE_STORAGE_ACCOUNT_URL: differs from AZURE_STORAGE_TABLE_URL (they are two names for the same setting; keep one)');
    return undefined;
  }
  const url = table ?? account;
  if (url === undefined) return undefined;
  const problem = tableUrlProblem(url);
  if (problem) {
    problems.push(`${table !== undefined ? 'AZURE_STORAGE_TABLE_URL' : 'AZURE_STORAGE_ACCOUNT_URL'}: ${problem}`);
    return undefined;
  }
  return url;
}

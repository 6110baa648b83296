/**
 * infra/main.bicep cannot be compiled here (no Bicep CLI on this machine, and the npm packages
 * that wrap it download the compiler from GitHub at run time), so this is a structural lint: the
 * template parses into balanced blocks, declares what production needs (Node 22/24 LTS, HTTPS
 * only, /healthz, managed identity with the table role, no storage key anywhere, Application
 * Insights), sets every variable of .env.example that production uses, and agrees with
 * infra/main.parameters.json. Where `az` or `bicep` exists, also `bicep build` (skipped here).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const bicep = fs.readFileSync(path.join(ROOT, 'infra', 'main.bicep'), 'utf8');
const parameters = JSON.parse(fs.readFileSync(path.join(ROOT, 'infra', 'main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: unknown }> };

/** The text without // comments and string contents (so braces in strings do not count). */
function code(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/'(?:[^'\\]|\\.)*'/g, "''").replace(/\/\/.*$/, ''))
    .join('\n');
}

interface Resource {
  symbol: string;
  type: string;
  apiVersion: string;
  body: string;
}

/** Each `resource <symbol> '<type>@<api>' = … {` with its body (up to the matching brace). */
function resources(text: string): Resource[] {
  const out: Resource[] = [];
  const re = /^resource (\w+) '([^'@]+)@([^']+)' = (?:if \([^)]*\) )?(?:\[\s*for [^:]+:\s*)?\{/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let depth = 1;
    let i = re.lastIndex;
    while (depth > 0 && i < text.length) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
      i++;
    }
    out.push({ symbol: m[1]!, type: m[2]!, apiVersion: m[3]!, body: text.slice(re.lastIndex, i - 1) });
  }
  return out;
}

const all = resources(bicep);
const byType = (type: string): Resource[] => all.filter((r) => r.type === type);
const one = (type: string): Resource => {
  const found = byType(type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0]!;
};
const envExampleVariables = fs
  .readFileSync(path.join(ROOT, '.env.example'), 'utf8')
  .split('\n')
  .map((l) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(l)?.[1])
  .filter((v): v is string => v !== undefined);

describe('infra/main.bicep (structural lint; no Bicep compiler here)', () => {
  it('has balanced braces, brackets and parentheses, and dated API versions', () => {
    const c = code(bicep);
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']] as const) {
      assert.equal(c.split(open).length, c.split(close).length, `${open}${close} balanced`);
    }
    assert.ok(all.length >= 12, `${all.length} resources`);
    for (const r of all) assert.match(r.apiVersion, /^\d{4}-\d{2}-\d{2}(-preview)?$/, `${r.symbol}: ${r.apiVersion}`);
  });

  it('every symbol a resource refers to (parent, scope, x.id, x.properties) is declared', () => {
    const declared = new Set([...bicep.matchAll(/^(?:resource|param|var|output) (\w+)/gm)].map((m) => m[1]!));
    const c = code(bicep);
    const used = new Set([...c.matchAll(/\b(?:parent|scope):\s*(\w+)/g), ...c.matchAll(/\b(\w+)\.(?:id|name|properties|identity)\b/g)].map((m) => m[1]!));
    for (const builtin of ['resourceGroup', 'subscription', 'environment', 'storage']) declared.add(builtin);
    for (const u of used) assert.ok(declared.has(u), `${u} is not declared`);
  });

  it('App Service: Linux, a supported Node LTS, HTTPS only, health check /healthz, Always On, a managed identity', () => {
    const site = one('Microsoft.Web/sites');
    assert.match(site.body, /linuxFxVersion: 'NODE\|\$\{nodeVersion\}'/);
    // The Node line is a parameter that allows only the supported LTS lines, 24 by default.
    const param = /@allowed\(\[([^\]]*)\]\)\s*param nodeVersion string = '([^']+)'/.exec(bicep);
    assert.ok(param, 'nodeVersion is an @allowed parameter');
    assert.deepEqual(param[1].match(/'[^']+'/g), ["'24-lts'", "'22-lts'"]);
    assert.equal(param[2], '24-lts');
    assert.match(site.body, /httpsOnly: true/);
    assert.match(site.body, /healthCheckPath: '\/healthz'/);
    assert.match(site.body, /alwaysOn: true/);
    assert.match(site.body, /minTlsVersion: '1\.2'/);
    assert.match(site.body, /identity: \{\s*type: 'SystemAssigned'/);
    assert.match(one('Microsoft.Web/serverfarms').body, /reserved: true/);
  });

  it('storage without keys: shared keys off, the table role for the web app, no key or connection string anywhere', () => {
    const account = one('Microsoft.Storage/storageAccounts');
    assert.match(account.body, /allowSharedKeyAccess: false/);
    assert.match(account.body, /supportsHttpsTrafficOnly: true/);
    assert.doesNotMatch(bicep, /listKeys\(|AccountKey=|SharedAccessSignature|AZURE_STORAGE_CONNECTION_STRING:/);
    const roles = byType('Microsoft.Authorization/roleAssignments');
    const table = roles.find((r) => /storageTableDataContributorRoleId/.test(r.body));
    assert.ok(table, 'a role assignment for the tables');
    assert.match(table.body, /scope: storage\b/);
    assert.match(table.body, /principalId: webApp\.identity\.principalId/);
    // The id is Azure's built-in "Storage Table Data Contributor".
    assert.match(bicep, /var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/);
    assert.ok(roles.some((r) => /keyVaultSecretsUserRoleId/.test(r.body) && /scope: vault\b/.test(r.body)), 'Key Vault Secrets User on the vault');
    for (const policy of byType('Microsoft.Web/sites/basicPublishingCredentialsPolicies')) assert.match(policy.body, /allow: false/);
    assert.equal(byType('Microsoft.Web/sites/basicPublishingCredentialsPolicies').length, 2, 'FTP and SCM passwords off');
  });

  it('app settings: every production variable of .env.example, keyless storage and Application Insights set, secrets from Key Vault', () => {
    const settings = all.find((r) => r.type === 'Microsoft.Web/sites/config' && /name: 'appsettings'/.test(r.body));
    assert.ok(settings);
    const keys = new Set([...settings.body.matchAll(/^\s{4}([A-Za-z_][A-Za-z0-9_]*):/gm)].map((m) => m[1]!));
    // Not set in Azure on purpose: the key-based connection string, the URL's other name, and a
    // user-assigned identity's client id (the template's identity is system-assigned).
    const notInAzure = new Set(['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_ACCOUNT_URL', 'AZURE_CLIENT_ID']);
    for (const v of envExampleVariables) {
      if (notInAzure.has(v)) assert.ok(!keys.has(v), `${v} must not be set`);
      else assert.ok(keys.has(v), `${v} of .env.example is not set by the template`);
    }
    assert.match(settings.body, /AZURE_STORAGE_TABLE_URL: storage\.properties\.primaryEndpoints\.table/);
    assert.match(settings.body, /APPLICATIONINSIGHTS_CONNECTION_STRING: enableAppInsights \? appInsights\.properties\.ConnectionString/);
    assert.match(settings.body, /MicrosoftAppPassword: '@Microsoft\.KeyVault\(SecretUri=/);
    assert.match(settings.body, /REPORT_SECRET: '@Microsoft\.KeyVault\(SecretUri=/);
    assert.match(settings.body, /dependsOn: \[\s*vaultAccess\s*tableAccess\s*\]/);
    assert.match(one('Microsoft.Insights/components').body, /WorkspaceResourceId: workspace\.id/);
  });

  it('SCHEDULER, the instance count and the lease time say together how instances share the sending', () => {
    const describe = (param: string) =>
      bicep
        .split('@description(')
        .find((chunk) => new RegExp(`^param ${param} `, 'm').test(chunk))
        ?.split('\n')[0] ?? '';
    assert.match(describe('scheduler'), /several instances.*32 tenant shards, each leased in Table Storage by one instance.*taken over when its leases expire/);
    assert.match(describe('instanceCount'), /Scheduled sends are shared: each instance sends for the tenant shards it holds/);
    assert.match(describe('leaseTtlSeconds'), /LEASE_TTL_SECONDS/);
  });

  it('main.parameters.json names only declared parameters and gives every required one but the two secrets', () => {
    const declared = new Map([...bicep.matchAll(/^param (\w+) (\w+)( = .*)?$/gm)].map((m) => [m[1]!, { type: m[2]!, hasDefault: m[3] !== undefined }]));
    for (const [name, { value }] of Object.entries(parameters.parameters)) {
      const d = declared.get(name);
      assert.ok(d, `${name} is not a parameter of main.bicep`);
      const type = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'int' : typeof value === 'boolean' ? 'bool' : typeof value === 'object' ? 'object' : 'string';
      assert.equal(type, d.type, `${name}: ${type} given, ${d.type} declared`);
    }
    const required = [...declared].filter(([, d]) => !d.hasDefault).map(([n]) => n);
    assert.deepEqual(required.filter((n) => !(n in parameters.parameters)).sort(), ['botAppPassword', 'reportSecret'], 'given on the command line (docs/deploy.md)');
    assert.ok(!('botAppPassword' in parameters.parameters) && !('reportSecret' in parameters.parameters), 'no secret in the parameters file');
  });

  it('compiles with the Bicep CLI where there is one', function () {
    const candidates = [process.env.BICEP_PATH, 'bicep', path.join(os.homedir(), '.azure', 'bin', 'bicep')].filter((c): c is string => !!c);
    const cli = candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
    if (!cli) this.skip();
    const r = spawnSync(cli!, ['build', path.join(ROOT, 'infra', 'main.bicep'), '--stdout'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});

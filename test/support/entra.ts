// Microsoft Entra stand-ins for keyless storage tests, all on loopback: a self-signed certificate
// (Azurite's OAuth needs HTTPS), tokens shaped like Entra's (Azurite's "basic" OAuth checks the
// audience, the issuer prefix and nbf/iat/exp, not the signature), a TokenCredential that hands
// them out, and App Service's managed-identity endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER), which
// the real DefaultAzureCredential of a child process asks.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

export const STORAGE_AUDIENCE = 'https://storage.azure.com';
export const TEST_TENANT = '72f988bf-0000-4000-8000-00000000e17a';

export interface TestCertificate {
  dir: string;
  certPath: string;
  keyPath: string;
  certPem: string;
  remove(): void;
}

/** A one-day self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
export function makeCertificate(): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyPath, '-out', certPath],
    { stdio: 'ignore' },
  );
  return { dir, certPath, keyPath, certPem: fs.readFileSync(certPath, 'utf8'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const b64url = (v: object | Buffer): string => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

export interface TokenClaims {
  aud?: string;
  iss?: string;
  /** Seconds from now. */
  expiresIn?: number;
}

/** An Entra-shaped JWT for a managed identity (HS256 with a throwaway key: Azurite does not verify signatures). */
export function makeToken(claims: TokenClaims = {}): { token: string; expiresOnTimestamp: number } {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (claims.expiresIn ?? 3600);
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const payload = b64url({
    aud: claims.aud ?? STORAGE_AUDIENCE,
    iss: claims.iss ?? `https://sts.windows.net/${TEST_TENANT}/`,
    iat: now - 60,
    nbf: now - 60,
    exp,
    oid: randomUUID(),
    tid: TEST_TENANT,
    idtyp: 'app',
  });
  const signature = b64url(createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest());
  return { token: `${header}.${payload}.${signature}`, expiresOnTimestamp: exp * 1000 };
}

/** A TokenCredential that records the scopes asked for and answers with `issue()`. */
export class TestTokenCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(private readonly issue: () => AccessToken | null = () => makeToken()) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return this.issue();
  }
}

export interface IdentityEndpoint {
  /** IDENTITY_ENDPOINT and IDENTITY_HEADER for the child's environment. */
  env: Record<string, string>;
  /** The resources asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * App Service's managed-identity token endpoint (GET ?resource=…&api-version=2019-08-01 with the
 * X-IDENTITY-HEADER secret), on 127.0.0.1. `claims` shapes the tokens it issues; `refuse` answers
 * 400 as Azure does for an app without an identity.
 */
export async function startIdentityEndpoint(options: { claims?: TokenClaims; refuse?: boolean } = {}): Promise<IdentityEndpoint> {
  const secret = randomBytes(16).toString('hex');
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const resource = url.searchParams.get('resource') ?? '';
    requests.push(resource);
    if (req.headers['x-identity-header'] !== secret || options.refuse) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 400, message: 'No managed identity found for this app.' }));
      return;
    }
    const t = makeToken(options.claims);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: t.token, expires_on: String(Math.floor(t.expiresOnTimestamp / 1000)), resource, token_type: 'Bearer', client_id: randomUUID() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: secret },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// A local stand-in for the Bot Framework's token issuer: an OpenID metadata document
// and a JWKS on 127.0.0.1, and tokens minted with node:crypto RSA keys. The bot under test keeps
// its real token validation (botbuilder's JwtTokenExtractor); only the URLs it fetches keys
// from are pointed here (src/bot/adapter.ts authOverrides), so nothing leaves the machine.
import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer of tokens the Bot Connector service sends to bots (AuthenticationConstants). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface TokenClaims {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  /** Seconds since epoch. */
  exp?: number;
  nbf?: number;
  iat?: number;
  [claim: string]: unknown;
}

export interface MintOptions {
  /** Sign with this key instead of the published one (a forged token). */
  key?: KeyObject;
  kid?: string;
  alg?: string;
  /** Flip a byte of the signature. */
  tamperSignature?: boolean;
}

export interface LocalIssuer {
  url: string;
  /** The URL to give as ToBotFromChannelOpenIdMetadataUrl (and the emulator one). */
  openIdMetadataUrl: string;
  kid: string;
  /** Requests served, by path (the bot caches keys, so few are expected). */
  hits: Map<string, number>;
  /** A signed JWT with the given claims; defaults: a valid channel token for `aud`/`serviceurl`. */
  mint(claims: TokenClaims, options?: MintOptions): string;
  /** authOverrides for startRuntime: every URL botbuilder's auth would fetch points at this server. */
  authOverrides(): Record<string, string>;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function newRsaKey(): KeyObject {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

export async function startLocalIssuer(options: { endorsements?: string[] } = {}): Promise<LocalIssuer> {
  const key = newRsaKey();
  const kid = `local-${randomUUID()}`;
  const publicJwk = key.export({ format: 'jwk' }) as { n: string; e: string };
  const hits = new Map<string, number>();
  let base = '';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/v1/.well-known/openidconfiguration') {
      return json(200, {
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: `${base}/authorize`,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (path === '/v1/.well-known/keys') {
      return json(200, {
        keys: [{ kty: 'RSA', use: 'sig', kid, n: publicJwk.n, e: publicJwk.e, endorsements: options.endorsements ?? ['msteams'] }],
      });
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const openIdMetadataUrl = `${base}/v1/.well-known/openidconfiguration`;

  return {
    url: base,
    openIdMetadataUrl,
    kid,
    hits,
    mint(claims, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: o.alg ?? 'RS256', typ: 'JWT', kid: o.kid ?? kid, x5t: o.kid ?? kid };
      const payload = { iss: CHANNEL_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      const signature = sign('RSA-SHA256', Buffer.from(input), o.key ?? key);
      if (o.tamperSignature) signature[10] ^= 0xff;
      return `${input}.${b64url(signature)}`;
    },
    authOverrides() {
      // Every endpoint ParameterizedBotFrameworkAuthentication knows, so a channel token, an
      // emulator-looking token or a skill token are all checked against keys served here, and a
      // reply (which would fetch an outbound token) could only ever reach loopback.
      return {
        ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
        ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
        ToChannelFromBotLoginUrl: `${base}/botframework.com`,
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        OAuthUrl: `${base}/oauth`,
        ValidateAuthority: 'false',
        CallerId: 'urn:botframework:azure',
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

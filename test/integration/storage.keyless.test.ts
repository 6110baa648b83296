// Keyless Table Storage, for real: Azurite over HTTPS with OAuth ("--oauth basic"), reached with
// Microsoft Entra tokens and no account key. In-process with a test TokenCredential (a good token,
// a wrong audience, an expired one, none at all), then the real process (src/index.ts) with the
// real DefaultAzureCredential asking App Service's managed-identity endpoint, as in Azure.
import assert from 'node:assert/strict';
import { freePort, openStorageAtStart, startAzurite, StorageStartError, type EmbeddedAzurite } from '../../src/storage';
import { makeCertificate, makeToken, startIdentityEndpoint, TestTokenCredential, type TestCertificate } from '../support/entra';
import { ROOT, startProcess, waitUntil } from '../support/processes';
import { uniquePrefix } from '../support/azurite';

describe('keyless Table Storage (Microsoft Entra token, Azurite with OAuth over HTTPS)', function () {
  this.timeout(60_000);
  let cert: TestCertificate;
  let azurite: EmbeddedAzurite;
  let url: string;

  before(async () => {
    cert = makeCertificate();
    azurite = await startAzurite({ https: { certPath: cert.certPath, keyPath: cert.keyPath, oauth: 'basic' } });
    url = `https://127.0.0.1:${azurite.port}/devstoreaccount1`;
  });
  after(async () => {
    await azurite?.stop();
    cert?.remove();
  });

  const open = (credential: TestTokenCredential) => openStorageAtStart({ url, credential, tlsCa: cert.certPem }, uniquePrefix());

  it('creates the tables, writes and reads with a token for https://storage.azure.com, no key anywhere', async () => {
    const credential = new TestTokenCredential();
    const storage = await open(credential);
    await storage.store.table('plans').createEntity({ partitionKey: 'tenant', rowKey: 'plan-1', name: 'Digitalt tilsyn' });
    const read = await storage.store.table('plans').getEntity<{ name: string }>('tenant', 'plan-1');
    assert.equal(read.name, 'Digitalt tilsyn');
    assert.ok(credential.scopes.length > 0);
    assert.deepEqual([...new Set(credential.scopes)], ['https://storage.azure.com/.default']);
  });

  const refusals: [string, () => ReturnType<typeof makeToken> | null, RegExp][] = [
    ['a token for another audience', () => makeToken({ aud: 'https://vault.azure.net' }), /refused the token \(403 AuthenticationFailed: Invalid token audience\.\).*Storage Table Data Contributor/],
    ['an expired token', () => makeToken({ expiresIn: -300 }), /refused the token \(403 AuthenticationFailed: Lifetime validation failed\. The token is expired\.\)/],
    ['a token from another issuer', () => makeToken({ iss: 'https://login.example.invalid/' }), /Invalid token issuer/],
    ['no token at all', () => null, /no Microsoft Entra token could be had.*managed identity/],
  ];
  for (const [name, issue, message] of refusals) {
    it(`stops at start with one clear sentence on ${name}`, async () => {
      const started = Date.now();
      const e = await open(new TestTokenCredential(issue)).then(
        () => assert.fail('storage opened'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof StorageStartError, String(e));
      assert.match(e.message, message);
      assert.match(e.message, new RegExp(`^Table Storage at ${url.replace(/[.]/g, '\\.')} \\(AZURE_STORAGE_TABLE_URL\\)`));
      assert.ok(!e.message.includes('\n') && !e.message.includes('<?xml'), e.message);
      assert.ok(Date.now() - started < 10_000, 'no hang');
    });
  }

  describe('the real process with DefaultAzureCredential and App Service\'s managed identity', () => {
    const env = (identity: Record<string, string>, port: number) => ({
      ...identity,
      AZURE_STORAGE_TABLE_URL: url,
      NODE_EXTRA_CA_CERTS: cert.certPath,
      PORT: String(port),
      SCHEDULER: 'off',
      LOG_LEVEL: 'warn',
      DATA_DIR: `${ROOT}/.data/keyless-unused`,
    });
    const start = (e: Record<string, string>) => startProcess(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], e);

    it('serves /healthz 200 with the identity\'s token', async () => {
      const identity = await startIdentityEndpoint();
      const port = await freePort();
      const bot = start(env(identity.env, port));
      try {
        await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, 40_000, 'healthz 200', 200).catch((e: Error) => {
          throw new Error(`${e.message}\nstderr: ${bot.stderr()}`);
        });
        assert.ok(identity.requests.length > 0);
        assert.ok(identity.requests.every((r) => r.replace(/\/$/, '') === 'https://storage.azure.com'), identity.requests.join(','));
      } finally {
        bot.kill('SIGTERM');
        await bot.exited;
        await identity.close();
      }
    });

    for (const [name, options, message] of [
      ['a token for the wrong audience', { claims: { aud: 'https://management.azure.com' } }, /refused the token \(403 AuthenticationFailed: Invalid token audience\.\)/],
      ['no identity (the endpoint refuses)', { refuse: true }, /no Microsoft Entra token could be had/],
    ] as const) {
      it(`exits at start with a clear message, no stack trace, on ${name}`, async () => {
        const identity = await startIdentityEndpoint(options);
        const bot = start(env(identity.env, await freePort()));
        try {
          const exit = await Promise.race([bot.exited, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 45_000))]);
          assert.notEqual(exit, 'hang', `still running; stderr: ${bot.stderr()}`);
          assert.equal((exit as { code: number }).code, 1);
          const stderr = bot.stderr();
          assert.match(stderr, /^Gevinstbot failed to start: Table Storage at https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1 \(AZURE_STORAGE_TABLE_URL\)/m);
          assert.match(stderr, message);
          assert.ok(!/^\s+at /m.test(stderr), `no stack trace:\n${stderr}`);
        } finally {
          bot.kill('SIGKILL');
          await identity.close();
        }
      });
    }
  });
});

// Reliability scenario 6: authentication and tenancy with an App ID configured. Token validation is
// botbuilder's own, pointed at a local OpenID metadata + JWKS endpoint (test/support/jwks.ts):
// no token, another audience, an expired token, a bad signature, a foreign key, another issuer,
// a mismatched serviceurl and alg=none all get 401 and run no turn; a valid token passes; a tenant
// outside ALLOWED_TENANTS is ignored; report links cannot be guessed, forged or used after
// expiry; and the logs (pino and anything written to the console) hold no token, password,
// report secret or connection string.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createReportToken } from '../../src/services/report/links';
import { cardAction, numberedPerson, personalMessage, postActivity, TENANT_ID } from '../support/activities';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { FakeConnector } from '../support/fakeConnector';
import { newRsaKey, startLocalIssuer, type LocalIssuer } from '../support/jwks';
import { capturingLogger, seedMany, seedOpenWeek49, startBot, type Bot } from '../support/reliability';

const APP_ID = '5d9c2f1e-7a4b-4c3d-9e8f-0a1b2c3d4e5f';
const OTHER_APP = '0f0e0d0c-0b0a-4909-8807-060504030201';
const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
const PASSWORD = `pw-${randomBytes(18).toString('base64url')}`;
const REPORT_SECRET = randomBytes(40).toString('hex');
const NOW = '2026-12-07T09:00:00.000Z';

describe('reliability: authentication and tenancy', function () {
  this.timeout(60_000);
  let issuer: LocalIssuer;
  let bot: Bot;
  let connector: FakeConnector;
  let serviceUrl: string;
  let connectionString: string;
  const logs = capturingLogger('trace');
  const consoleLines: string[] = [];
  const original = { log: console.log, error: console.error, warn: console.warn };
  const owner = numberedPerson(1);
  const minted: string[] = [];
  const reportTokens: string[] = [];

  before(async () => {
    // botbuilder writes some auth failures to the console: capture it, it is a log too.
    for (const k of ['log', 'error', 'warn'] as const) {
      console[k] = (...args: unknown[]) => {
        consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      };
    }
    issuer = await startLocalIssuer();
    connector = new FakeConnector();
    serviceUrl = await connector.start();
    connectionString = (await sharedAzurite()).connectionString;
    bot = await startBot({
      connectionString,
      serviceUrl,
      now: NOW,
      tablePrefix: uniquePrefix(),
      log: logs.log,
      authOverrides: issuer.authOverrides(),
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: PASSWORD,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT_ID,
        ALLOWED_TENANTS: TENANT_ID,
        REPORT_SECRET,
        LOG_LEVEL: 'trace',
      },
    });
    const plan = await seedMany(bot.services, { planId: 'tilgang', serviceUrl, count: 1, owner: () => owner, now: '2026-12-01T10:00:00.000Z' });
    // The prompt about week 49 was sent (its period row exists): the owner may answer it.
    await seedOpenWeek49(bot.services, plan.id, owner);
  });

  after(async () => {
    Object.assign(console, original);
    await bot?.close();
    await connector?.stop();
    await issuer?.close();
  });

  const answerActivity = (tenantId = TENANT_ID, value = '25') => cardAction({ from: owner, verb: 'measurement.submit', data: { promptId: 'tilgang/1/2026-W49', value }, serviceUrl, tenantId });
  const valid = (claims: Record<string, unknown> = {}) => {
    const t = issuer.mint({ aud: APP_ID, serviceurl: serviceUrl, ...claims });
    minted.push(t);
    return t;
  };
  const stored = async () => (await bot.services.storage.measurements.get(TENANT_ID, 'tilgang', 1, '2026-W49'))?.version ?? -1;
  const post = (activity: object, token?: string) => postActivity(bot.url, activity as Record<string, unknown>, token === undefined ? {} : { authorization: token });

  it('answers 401 and runs no turn for a missing or invalid token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const foreignKey = newRsaKey();
    const cases: [string, string | undefined][] = [
      ['no Authorization header', undefined],
      ['an empty bearer', 'Bearer '],
      ['not a JWT', 'Bearer not-a-token'],
      ['another scheme', `Basic ${Buffer.from(`${APP_ID}:${PASSWORD}`).toString('base64')}`],
      ['a token for another audience', `Bearer ${valid({ aud: OTHER_APP })}`],
      ['an expired token (beyond the 5-minute skew)', `Bearer ${valid({ exp: now - 900, nbf: now - 4000, iat: now - 4000 })}`],
      ['a token not valid yet', `Bearer ${valid({ nbf: now + 3600, iat: now + 3600, exp: now + 7200 })}`],
      ['a bad signature', `Bearer ${(() => { const t = issuer.mint({ aud: APP_ID, serviceurl: serviceUrl }, { tamperSignature: true }); minted.push(t); return t; })()}`],
      ['a token signed with a foreign key under the published kid', `Bearer ${(() => { const t = issuer.mint({ aud: APP_ID, serviceurl: serviceUrl }, { key: foreignKey }); minted.push(t); return t; })()}`],
      ['an unknown kid', `Bearer ${(() => { const t = issuer.mint({ aud: APP_ID, serviceurl: serviceUrl }, { kid: 'unknown-kid' }); minted.push(t); return t; })()}`],
      ['another issuer', `Bearer ${valid({ iss: 'https://evil.example/' })}`],
      ['a serviceurl other than the activity’s', `Bearer ${valid({ serviceurl: 'http://127.0.0.1:9/' })}`],
      ['alg none', `Bearer ${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: issuer.kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: serviceUrl, exp: now + 3600 })).toString('base64url')}.`],
    ];
    for (const [what, header] of cases) {
      const r = await post(answerActivity(), header);
      assert.equal(r.status, 401, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
      assert.equal(await stored(), 0, `${what}: nothing stored`);
    }
    assert.equal(connector.requests.length, 0, 'no turn reached Teams');
  });

  it('lets a valid token through', async () => {
    const r = await post(answerActivity(TENANT_ID, '25'), `Bearer ${valid()}`);
    assert.equal(r.status, 200);
    assert.match(JSON.stringify(r.body).replace(/\u00a0/g, " "), /25 timer er registrert/);
    assert.equal(await stored(), 1);
    assert.ok((issuer.hits.get('/v1/.well-known/keys') ?? 0) >= 1, 'keys came from the local JWKS');
  });

  it('stores the chat of a message whose token names its serviceUrl (the only serviceUrl believed with an App ID)', async () => {
    const r = await post(personalMessage({ from: owner, text: 'hjelp', serviceUrl }), `Bearer ${valid()}`);
    assert.equal(r.status, 200);
    const chat = await bot.services.storage.conversations.getPersonal(TENANT_ID, owner.id);
    assert.equal(chat?.reference?.serviceUrl, serviceUrl);
  });

  it('ignores a tenant outside ALLOWED_TENANTS, even with a valid token', async () => {
    const before = connector.requests.length;
    const invoke = await post(answerActivity(OTHER_TENANT, '99'), `Bearer ${valid()}`);
    assert.equal(invoke.status, 200);
    assert.doesNotMatch(JSON.stringify(invoke.body ?? ''), /registrert|99/, 'no card for a stranger');
    const message = await post(personalMessage({ from: numberedPerson(2), text: 'plan new Fremmed', serviceUrl, tenantId: OTHER_TENANT }), `Bearer ${valid()}`);
    assert.ok(message.status === 200 || message.status === 202, `message: ${message.status}`);
    assert.equal(connector.requests.length, before, 'nothing sent to the other tenant');
    assert.equal((await bot.services.storage.measurements.get(TENANT_ID, 'tilgang', 1, '2026-W49'))?.value, 25, 'the answer was not touched');
    assert.deepEqual(await bot.services.storage.plans.list(OTHER_TENANT), [], 'nothing stored for the other tenant');
    assert.equal(await bot.services.storage.conversations.getPersonal(OTHER_TENANT, numberedPerson(2).id), undefined);
  });

  it('serves a report link only while it is valid, and never a guessed or forged one', async () => {
    const get = async (token: string) => (await fetch(`${bot.url}/reports/${encodeURIComponent(token)}`)).status;
    const expires = new Date(Date.parse(NOW) + 24 * 3_600_000);
    const good = createReportToken(REPORT_SECRET, TENANT_ID, 'tilgang', 'csv', expires);
    reportTokens.push(good);
    assert.equal(await get(good), 200);
    // Forged: another secret, another plan or tenant under the same signature, a longer expiry.
    const [payload, mac] = good.split('.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const reSigned = (b: Record<string, unknown>) => `${Buffer.from(JSON.stringify(b)).toString('base64url')}.${mac}`;
    for (const forged of [
      createReportToken('x'.repeat(64), TENANT_ID, 'tilgang', 'csv', expires),
      reSigned({ ...body, p: 'annen-plan' }),
      reSigned({ ...body, t: OTHER_TENANT }),
      reSigned({ ...body, e: Date.parse('2030-01-01T00:00:00Z') }),
      `${payload}.${mac.slice(0, -2)}AA`,
      payload,
      '',
      '..',
      `${payload}.${mac}.${mac}`,
    ]) {
      assert.equal(await get(forged || 'x'), 404, `forged ${forged.slice(0, 30)}`);
    }
    // Guessed: 2 000 random tokens of the right shape and length.
    const guesses = fc.sample(fc.tuple(fc.base64String({ minLength: 40, maxLength: 120 }), fc.base64String({ minLength: 43, maxLength: 44 })), { numRuns: 2_000, seed: 9 });
    let hits = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < guesses.length; i += 8) {
          const [p, m] = guesses[i];
          const token = `${p.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')}.${m.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '').slice(0, 43)}`;
          if ((await get(token)) !== 404) hits++;
        }
      }),
    );
    assert.equal(hits, 0, 'no guessed token opens a report');
    // After its expiry the same link is dead.
    bot.clock.set(new Date(expires.getTime() + 1));
    assert.equal(await get(good), 404, 'expired');
    bot.clock.set(new Date(NOW));
  });

  it('writes no token, password, report secret or connection string to the logs', () => {
    const accountKey = /AccountKey=([^;]+)/.exec(connectionString)![1];
    const text = `${logs.text()}\n${consoleLines.join('\n')}`;
    assert.ok(logs.lines.length > 0, 'the bot did log (level trace)');
    const secrets: [string, string][] = [
      ['app password', PASSWORD],
      ['report secret', REPORT_SECRET],
      ['storage account key', accountKey],
      ['connection string', connectionString],
      ...minted.map((t, i): [string, string] => [`token ${i}`, t.split('.')[2] || t]),
      ...minted.map((t, i): [string, string] => [`token ${i} body`, t.split('.')[1]]),
      ...reportTokens.map((t, i): [string, string] => [`report token ${i}`, t.split('.')[1]]),
    ];
    for (const [what, secret] of secrets) {
      assert.ok(secret.length >= 16, `${what} is a real secret`);
      assert.ok(!text.includes(secret), `the logs contain the ${what}`);
    }
    assert.doesNotMatch(text, /Bearer\s+eyJ/, 'no bearer token');
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'no JWT');
  });
});

// The Azure-facing variables: keyless Table Storage, the connection-string forms the SDK takes,
// report secrets with real entropy, the Application Insights connection string.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { loadConfig } from '../../../src/config';
import { connectionStringProblem, estimatedBits, secretProblem } from '../../../src/configChecks';
import { problemsOf } from '../../support/config';


const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const SAS = 'sv=2024-11-04&ss=t&srt=sco&sp=rwdlacu&se=2027-01-01T00:00:00Z&spr=https&sig=abc%2Bdef%3D';

/** Does the SDK itself make a client of it (what start-up does), or throw? */
function sdkAccepts(cs: string): boolean {
  try {
    TableClient.fromConnectionString(cs, 'plans', { allowInsecureConnection: true });
    return true;
  } catch {
    return false;
  }
}

describe('configuration for Azure', () => {
  describe('AZURE_STORAGE_CONNECTION_STRING accepts exactly what @azure/data-tables accepts', () => {
    const samples: [string, string][] = [
      ['account key', `DefaultEndpointsProtocol=https;AccountName=gevinst;AccountKey=${KEY};EndpointSuffix=core.windows.net`],
      ['account key with TableEndpoint', `DefaultEndpointsProtocol=https;AccountName=gevinst;AccountKey=${KEY};TableEndpoint=https://gevinst.table.core.windows.net/`],
      ['Azurite', `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;`],
      ['dev storage', 'UseDevelopmentStorage=true'],
      ['SAS connection string (the portal\'s form)', `TableEndpoint=https://gevinst.table.core.windows.net/;SharedAccessSignature=${SAS}`],
      ['SAS with every endpoint', `BlobEndpoint=https://gevinst.blob.core.windows.net/;TableEndpoint=https://gevinst.table.core.windows.net/;SharedAccessSignature=${SAS}`],
    ];
    const refused: [string, string][] = [
      ['account key without protocol', `AccountName=gevinst;AccountKey=${KEY};TableEndpoint=https://gevinst.table.core.windows.net`],
      ['account key without suffix or endpoint', `DefaultEndpointsProtocol=https;AccountName=gevinst;AccountKey=${KEY}`],
      ['SAS without endpoint', `SharedAccessSignature=${SAS}`],
      ['SAS with only a blob endpoint', `BlobEndpoint=https://gevinst.blob.core.windows.net/;SharedAccessSignature=${SAS}`],
      ['junk', 'this is not one'],
    ];
    for (const [name, cs] of samples) {
      it(`accepts ${name}`, () => {
        assert.equal(sdkAccepts(cs), true, 'the SDK takes it');
        assert.equal(connectionStringProblem(cs), undefined);
        assert.equal(loadConfig({ AZURE_STORAGE_CONNECTION_STRING: cs }).storageConnectionString, cs);
      });
    }
    for (const [name, cs] of refused) {
      it(`refuses ${name}, with a message that names the variable`, () => {
        assert.equal(sdkAccepts(cs), false, 'the SDK refuses it too');
        const p = problemsOf({ AZURE_STORAGE_CONNECTION_STRING: cs });
        assert.equal(p.length, 1);
        assert.match(p[0]!, /^AZURE_STORAGE_CONNECTION_STRING: /);
        assert.ok(!p[0]!.includes(KEY), 'the key is not echoed');
      });
    }

    it('refuses the "account URL + SAS" form (the SDK cannot parse it) and says what to type instead', () => {
      const url = `https://gevinst.table.core.windows.net/?${SAS}`;
      assert.equal(sdkAccepts(url), false);
      const p = problemsOf({ AZURE_STORAGE_CONNECTION_STRING: url });
      assert.equal(p.length, 1);
      assert.match(p[0]!, /TableEndpoint=https:\/\/gevinst\.table\.core\.windows\.net\/;SharedAccessSignature=<the part after \?>/);
      assert.ok(!p[0]!.includes('sig='), 'the signature is not echoed');
    });
  });

  describe('AZURE_STORAGE_TABLE_URL (keyless)', () => {
    it('takes the table endpoint, under either name', () => {
      assert.equal(loadConfig({ AZURE_STORAGE_TABLE_URL: 'https://gevinst.table.core.windows.net/' }).storageTableUrl, 'https://gevinst.table.core.windows.net');
      assert.equal(loadConfig({ AZURE_STORAGE_ACCOUNT_URL: 'https://gevinst.table.core.windows.net' }).storageTableUrl, 'https://gevinst.table.core.windows.net');
      assert.equal(loadConfig({ AZURE_STORAGE_TABLE_URL: 'https://127.0.0.1:10002/devstoreaccount1' }).storageTableUrl, 'https://127.0.0.1:10002/devstoreaccount1');
      const c = loadConfig({ AZURE_STORAGE_TABLE_URL: 'https://gevinst.table.core.windows.net' });
      assert.equal(c.storageConnectionString, undefined);
    });

    const bad: [string, Record<string, string>, RegExp][] = [
      ['http', { AZURE_STORAGE_TABLE_URL: 'http://gevinst.table.core.windows.net' }, /^AZURE_STORAGE_TABLE_URL: must use https/],
      ['a SAS in the URL', { AZURE_STORAGE_TABLE_URL: `https://gevinst.table.core.windows.net/?${SAS}` }, /^AZURE_STORAGE_TABLE_URL: .*AZURE_STORAGE_CONNECTION_STRING="TableEndpoint=<url>;SharedAccessSignature=<sas>"/],
      ['the blob endpoint', { AZURE_STORAGE_ACCOUNT_URL: 'https://gevinst.blob.core.windows.net' }, /^AZURE_STORAGE_ACCOUNT_URL: .*use the table endpoint https:\/\/gevinst\.table\.core\.windows\.net/],
      ['no account', { AZURE_STORAGE_TABLE_URL: 'https://127.0.0.1:10002/' }, /must name the account/],
      ['not a URL', { AZURE_STORAGE_TABLE_URL: 'gevinst' }, /not a URL/],
      ['two different values', { AZURE_STORAGE_TABLE_URL: 'https://a.table.core.windows.net', AZURE_STORAGE_ACCOUNT_URL: 'https://b.table.core.windows.net' }, /^AZURE_STORAGE_ACCOUNT_URL: differs/],
      [
        'both a URL and a connection string',
        { AZURE_STORAGE_TABLE_URL: 'https://a.table.core.windows.net', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' },
        /^AZURE_STORAGE_CONNECTION_STRING: set either it or the keyless AZURE_STORAGE_TABLE_URL/,
      ],
    ];
    for (const [name, env, message] of bad) {
      it(`refuses ${name}`, () => {
        const p = problemsOf(env);
        assert.equal(p.length, 1, p.join('\n'));
        assert.match(p[0]!, message);
      });
    }
  });

  describe('REPORT_SECRET needs real entropy', () => {
    const withAppId = (secret: string) => ({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 's',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000001',
      ALLOWED_TENANTS: '00000000-0000-0000-0000-000000000001',
      REPORT_SECRET: secret,
    });
    const weak: [string, string, RegExp][] = [
      ['32 × a', 'a'.repeat(32), /only 1 different characters/],
      ['40 × x', 'x'.repeat(40), /only 1 different characters/],
      ['a short one', 'Zq8#k2Lp', /8 characters/],
      ['a repeated word', 'password1234'.repeat(3), /a pattern of 12 characters repeated/],
      ['few characters', 'abcabcabdabcabcabdabcabdabcabcab', /only 4 different characters/],
    ];
    for (const [name, secret, why] of weak) {
      it(`refuses ${name}, and says the rule`, () => {
        const p = problemsOf(withAppId(secret));
        assert.equal(p.length, 1, p.join('\n'));
        assert.match(p[0]!, /^REPORT_SECRET: too weak/);
        assert.match(p[0]!, why);
        assert.match(p[0]!, /at least 32 characters, at least 8 different characters.*openssl rand -hex 32/);
        assert.ok(!p[0]!.includes(secret), 'the secret is not echoed');
      });
    }

    it('accepts what openssl rand -hex 32 / -base64 32 make, every time', () => {
      for (let i = 0; i < 500; i++) {
        assert.equal(secretProblem(randomBytes(32).toString('hex')), undefined);
        assert.equal(secretProblem(randomBytes(32).toString('base64')), undefined);
        // 16 random bytes as hex (32 characters, 128 bits) pass too.
        assert.equal(secretProblem(randomBytes(16).toString('hex')), undefined);
      }
      assert.deepEqual(problemsOf(withAppId(randomBytes(32).toString('hex'))), []);
    });

    it('estimates bits from the repeating unit and the alphabet', () => {
      assert.equal(estimatedBits('a'.repeat(32)), 0);
      assert.equal(estimatedBits('ab'.repeat(16)), 2);
      // 64 characters from 16, nothing repeating: 64 × 4.
      assert.equal(estimatedBits('3f9a0c27e5b18d46c0e7a2f5913b6d84' + '7d2e9b0a4c6f1835e9a1c7b3f02d5864'), 256);
      // Random hex now and then misses a digit or two (14 of 16 still give 243 bits): far above 96 every time.
      for (let i = 0; i < 500; i++) assert.ok(estimatedBits(randomBytes(32).toString('hex')) >= 200);
    });

    it('an empty secret is still fine in local mode (a random one per process)', () => {
      assert.equal(loadConfig({}).reportSecret.length, 64);
      assert.match(problemsOf(withAppId(''))[0]!, /^REPORT_SECRET: required with MicrosoftAppId.*openssl rand -hex 32/);
    });
  });

  describe('APPLICATIONINSIGHTS_CONNECTION_STRING', () => {
    it('takes the resource\'s connection string and refuses junk', () => {
      const cs = 'InstrumentationKey=4c1e7b3a-0000-4000-8000-00000000beef;IngestionEndpoint=https://norwayeast-0.in.applicationinsights.azure.com/;LiveEndpoint=https://norwayeast.livediagnostics.monitor.azure.com/';
      assert.equal(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: cs }).appInsightsConnectionString, cs);
      assert.equal(loadConfig({}).appInsightsConnectionString, undefined);
      const p = problemsOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: '4c1e7b3a-0000-4000-8000-00000000beef' });
      assert.equal(p.length, 1);
      assert.match(p[0]!, /^APPLICATIONINSIGHTS_CONNECTION_STRING: expected .*InstrumentationKey=<GUID>/);
    });
  });
});

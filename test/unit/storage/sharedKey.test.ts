// The Shared Key Lite signer of src/storage/sharedKey.ts against the SDK's own policy: for the
// requests the bot makes (point reads and writes with keys of every kind, queries, $batch, table
// creation, comp= queries), the same Authorization, x-ms-date and content-length headers; it sits
// where the SDK's policy sat; a rotated key is used from the next request. That Azurite accepts
// the signature (and refuses a wrong key) is in test/integration/sharedKey.test.ts.
import assert from 'node:assert/strict';
import { createHttpHeaders, createPipelineRequest, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { AzureNamedKeyCredential, TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { SDK_SHARED_KEY_POLICY, SHARED_KEY_POLICY, sharedKeyLitePolicy, signWithKeyObject } from '../../../src/storage/sharedKey';
import { TableStore, azuriteConnectionString } from '../../../src/storage/tables';

const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The SDK's signing policy, taken from a client's pipeline. */
function sdkPolicy(credential: AzureNamedKeyCredential): PipelinePolicy {
  const client = new TableClient(`http://127.0.0.1:10002/${ACCOUNT}`, 'x', credential, { allowInsecureConnection: true });
  const policy = client.pipeline.getOrderedPolicies().find((p) => p.name === SDK_SHARED_KEY_POLICY);
  assert.ok(policy, 'the SDK client has its shared key policy');
  return policy;
}

/** The headers a policy leaves on the request. */
async function signed(policy: PipelinePolicy, make: () => PipelineRequest): Promise<Record<string, string>> {
  const request = make();
  await policy.sendRequest(request, async (r) => ({ status: 200, headers: createHttpHeaders(), request: r }) as PipelineResponse);
  return Object.fromEntries([...request.headers].filter(([k]) => ['authorization', 'x-ms-date', 'content-length'].includes(k.toLowerCase())));
}

const DATE = 'Wed, 02 Dec 2026 19:00:00 GMT';

const request = (url: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: string, withDate = true) => () =>
  createPipelineRequest({ url, method, body, headers: createHttpHeaders(withDate ? { 'x-ms-date': DATE } : {}), allowInsecureConnection: true });

describe('storage: Shared Key Lite signing with the key held once', () => {
  const credential = new AzureNamedKeyCredential(ACCOUNT, KEY);

  it('signs what the SDK signs: entity URLs with any keys, queries, $batch and comp= requests, bodies in any script', async () => {
    const sdk = sdkPolicy(credential);
    const ours = sharedKeyLitePolicy(credential);
    const base = `http://127.0.0.1:10002/${ACCOUNT}`;
    const key = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '~', "'", ' ', 'ø', 'Å', '%', '-', '/', '…', '😀') });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('measurements', 'benefits', 'plans', 'due'),
        key,
        key,
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.option(fc.string({ unit: fc.constantFrom('{', '"', 'a', 'æ', 'ø', '€', '😀', ' ') }), { nil: undefined }),
        fc.constantFrom('', '?comp=acl', '?$filter=PartitionKey%20eq%20%27p%27&$top=1000', '?comp=stats&timeout=30'),
        async (table, pk, rk, method, body, query) => {
          const url = `${base}/${table}(PartitionKey='${encodeURIComponent(pk.replace(/'/g, "''"))}',RowKey='${encodeURIComponent(rk.replace(/'/g, "''"))}')${query}`;
          assert.deepEqual(await signed(ours, request(url, method, body)), await signed(sdk, request(url, method, body)));
        },
      ),
      { numRuns: 300 },
    );
    for (const url of [`${base}/$batch`, `${base}/Tables`, `${base}/Tables('measurements')`, `${base}/`, `${base}`]) {
      assert.deepEqual(await signed(ours, request(url, 'POST', '--batch_1\r\n')), await signed(sdk, request(url, 'POST', '--batch_1\r\n')), url);
    }
  });

  it('sets x-ms-date when the request has none, as the SDK does, and signs with it', async () => {
    const got = await signed(sharedKeyLitePolicy(credential), request(`http://127.0.0.1:10002/${ACCOUNT}/plans()`, 'GET', undefined, false));
    assert.match(got['x-ms-date'], /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const again = await signed(sdkPolicy(credential), () => {
      const r = request(`http://127.0.0.1:10002/${ACCOUNT}/plans()`, 'GET', undefined, false)();
      r.headers.set('x-ms-date', got['x-ms-date']);
      return r;
    });
    assert.equal(got.authorization, again.authorization);
  });

  it('uses a key the credential was updated to from the next request on', async () => {
    const rotating = new AzureNamedKeyCredential(ACCOUNT, KEY);
    const ours = sharedKeyLitePolicy(rotating);
    const url = `http://127.0.0.1:10002/${ACCOUNT}/plans(PartitionKey='t',RowKey='p')`;
    const before = await signed(ours, request(url, 'GET'));
    rotating.update(ACCOUNT, Buffer.from('another key of the account').toString('base64'));
    const after = await signed(ours, request(url, 'GET'));
    assert.notEqual(after.authorization, before.authorization);
    assert.deepEqual(after, await signed(sdkPolicy(rotating), request(url, 'GET')));
  });

  it('takes the SDK policy’s place in the table clients of a connection string, and leaves other credentials alone', () => {
    const store = new TableStore(azuriteConnectionString(10002), 'sk');
    const names = store.table('plans').pipeline.getOrderedPolicies().map((p) => p.name);
    assert.ok(!names.includes(SDK_SHARED_KEY_POLICY));
    const sdkNames = TableClient.fromConnectionString(azuriteConnectionString(10002), 'x', { allowInsecureConnection: true }).pipeline.getOrderedPolicies().map((p) => p.name);
    // The same order, the signer where the SDK's was (before deserialisation and retries).
    assert.deepEqual(
      names.filter((n) => sdkNames.includes(n) || n === SHARED_KEY_POLICY),
      sdkNames.filter((n) => n !== 'tracingPolicy').map((n) => (n === SDK_SHARED_KEY_POLICY ? SHARED_KEY_POLICY : n)),
    );
    const sas = TableClient.fromConnectionString(`TableEndpoint=http://127.0.0.1:10002/${ACCOUNT};SharedAccessSignature=sv=2019-02-02&sig=abc`, 'x', { allowInsecureConnection: true });
    const before = sas.pipeline.getOrderedPolicies().map((p) => p.name);
    signWithKeyObject(sas);
    assert.deepEqual(sas.pipeline.getOrderedPolicies().map((p) => p.name), before);
  });
});

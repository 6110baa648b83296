// The transaction body written by src/storage/transaction.ts against the SDK's own: for generated
// batches (every kind of action, keys with quotes, slashes and letters outside ASCII, texts,
// numbers and booleans) both requests are the same — method, URL, headers and body, the random
// batch ids and the per-request date, signature and request id aside. The answers are read the
// same way (a failed operation is a RestError with its status and code); against Azurite in
// test/integration.
import assert from 'node:assert/strict';
import { createHttpHeaders, type PipelineRequest } from '@azure/core-rest-pipeline';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import fc from 'fast-check';
import { submitTransaction } from '../../../src/storage/transaction';
import { azuriteConnectionString } from '../../../src/storage/tables';

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A client whose requests are captured instead of sent, answered with `answer`. */
function capturing(answer: { status: number; body: string }): { client: TableClient; sent: Captured[] } {
  const sent: Captured[] = [];
  const httpClient = {
    sendRequest: async (req: PipelineRequest) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of req.headers) if (!['x-ms-date', 'authorization', 'x-ms-client-request-id'].includes(k.toLowerCase())) headers[k] = v;
      sent.push({ method: req.method, url: req.url, headers, body: String(req.body) });
      return { status: answer.status, headers: createHttpHeaders(), request: req, bodyAsText: answer.body };
    },
  };
  const client = TableClient.fromConnectionString(azuriteConnectionString(10002), 'gevinstbotmeasurements', { allowInsecureConnection: true, httpClient, retryOptions: { maxRetries: 0 } });
  return { client, sent };
}

/** The random transaction and changeset ids replaced by fixed ones. */
const normalised = (c: Captured): Captured => {
  const ids = [...new Set([...c.body.matchAll(/(?:batch|changeset)_([0-9a-f-]{36})/g)].map((m) => m[1]))];
  const fix = (s: string) => ids.reduce((acc, id, i) => acc.split(id).join(`ID${i}`), s);
  return { ...c, body: fix(c.body), headers: Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, fix(v)])) };
};

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("o'neil", "''", 'a/b', 'x#y?z', 'æøå', '100 %', '~0002~2026-W49', 'u~KjI5OnVzZXIx'));
const value = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(undefined));
const entity = (pk: string) =>
  fc.tuple(text, fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/), value, { maxKeys: 5 })).map(([rk, props]) => ({ partitionKey: pk, rowKey: rk, ...props }));
const action = (pk: string): fc.Arbitrary<TransactionAction> =>
  fc.oneof(
    entity(pk).map((e) => ['create', e] as TransactionAction),
    fc.tuple(entity(pk), fc.constantFrom('Merge', 'Replace'), fc.option(fc.constantFrom('*', `W/"datetime'2026-12-01T08%3A00%3A00.123Z'"`), { nil: undefined })).map(
      ([e, mode, etag]) => (etag === undefined ? ['update', e, mode] : ['update', e, mode, { etag }]) as TransactionAction,
    ),
    fc.tuple(entity(pk), fc.constantFrom('Merge', 'Replace')).map(([e, mode]) => ['upsert', e, mode] as TransactionAction),
    entity(pk).map((e) => ['delete', { partitionKey: e.partitionKey, rowKey: e.rowKey }] as TransactionAction),
  );
const batch = text.chain((pk) => fc.array(action(pk), { minLength: 1, maxLength: 6 }));

describe('storage transactions: the request the SDK would send', () => {
  it('is the same request as TableClient.submitTransaction, for any batch', async () => {
    const ok = { status: 202, body: '' };
    await fc.assert(
      fc.asyncProperty(batch, async (actions) => {
        const sdk = capturing(ok);
        await sdk.client.submitTransaction(actions);
        const own = capturing(ok);
        await submitTransaction(own.client, actions);
        assert.equal(own.sent.length, 1);
        assert.deepEqual(normalised(own.sent[0]), normalised(sdk.sent[0]));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a failed operation as the SDK does: a RestError with its status and code', async () => {
    const failed = {
      status: 202,
      body: [
        '--batchresponse_1',
        'Content-Type: multipart/mixed; boundary=changesetresponse_2',
        '',
        '--changesetresponse_2',
        'Content-Type: application/http',
        '',
        'HTTP/1.1 409 Conflict',
        'Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8',
        '',
        '{"odata.error":{"code":"EntityAlreadyExists","message":{"lang":"en-US","value":"0:The specified entity already exists."}}}',
        '--changesetresponse_2--',
        '--batchresponse_1--',
        '',
      ].join('\r\n'),
    };
    const actions: TransactionAction[] = [['create', { partitionKey: 'p', rowKey: 'r', a: 1 }]];
    const errorOf = async (f: () => Promise<unknown>) => f().then(() => assert.fail('no error'), (e: { name: string; statusCode?: number; code?: string; message: string }) => ({ name: e.name, statusCode: e.statusCode, code: e.code, message: e.message }));
    const sdk = capturing(failed);
    const own = capturing(failed);
    const expected = await errorOf(() => sdk.client.submitTransaction(actions));
    assert.deepEqual(await errorOf(() => submitTransaction(own.client, actions)), expected);
    const outer = { status: 400, body: '{"odata.error":{"code":"InvalidInput","message":{"value":"bad"}}}' };
    assert.deepEqual(await errorOf(() => submitTransaction(capturing(outer).client, actions)), await errorOf(() => capturing(outer).client.submitTransaction(actions)));
  });
});

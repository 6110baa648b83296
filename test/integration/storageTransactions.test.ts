// Entity-group transactions written by src/storage/transaction.ts, against Azurite: they store
// what the SDK's submitTransaction stores, and fail as it does — all or nothing, the same status
// and code — for a row that exists already and for a stale etag.
import assert from 'node:assert/strict';
import type { TransactionAction } from '@azure/data-tables';
import { TableStore } from '../../src/storage/tables';
import { submitTransaction } from '../../src/storage/transaction';
import { sharedAzurite, uniquePrefix } from '../support/azurite';

describe('storage transactions against Azurite', () => {
  let store: TableStore;
  before(async () => {
    store = new TableStore((await sharedAzurite()).connectionString, uniquePrefix());
    await store.table('due').createTable();
  });
  const t = () => store.table('due');
  const rows = async (pk: string) => {
    const out: Record<string, unknown>[] = [];
    for await (const e of t().listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) {
      const { etag: _e, timestamp: _t, ...rest } = e as Record<string, unknown>;
      out.push(rest);
    }
    return out;
  };
  const errorOf = (p: Promise<unknown>) => p.then(() => assert.fail('no error'), (e: { statusCode?: number; code?: string; name: string }) => ({ name: e.name, statusCode: e.statusCode, code: e.code }));

  it('stores what the SDK stores: creates, merges, replaces, upserts and deletes', async () => {
    const batch = (pk: string): TransactionAction[][] => [
      [
        ['create', { partitionKey: pk, rowKey: "o'neil æ 1", a: 'x', n: 3, d: 2.5, b: true }],
        ['create', { partitionKey: pk, rowKey: 'r2', a: 'y' }],
        ['create', { partitionKey: pk, rowKey: 'r3', a: 'z' }],
      ],
      [
        ['update', { partitionKey: pk, rowKey: "o'neil æ 1", a: 'merged' }, 'Merge'],
        ['update', { partitionKey: pk, rowKey: 'r2', c: 'replaced' }, 'Replace'],
        ['upsert', { partitionKey: pk, rowKey: 'r4', a: 'new' }, 'Replace'],
        ['delete', { partitionKey: pk, rowKey: 'r3' }],
      ],
    ];
    for (const actions of batch('sdk')) await t().submitTransaction(actions);
    for (const actions of batch('own')) await submitTransaction(t(), actions);
    const own = await rows('own');
    assert.equal(own.length, 3);
    assert.deepEqual(own, (await rows('sdk')).map((r) => ({ ...r, partitionKey: 'own' })));
  });

  it('fails whole, as the SDK does, when a row exists already or an etag is stale', async () => {
    await t().createEntity({ partitionKey: 'x', rowKey: 'taken', a: 1 });
    const conflict: TransactionAction[] = [
      ['create', { partitionKey: 'x', rowKey: 'free', a: 1 }],
      ['create', { partitionKey: 'x', rowKey: 'taken', a: 2 }],
    ];
    const expected = await errorOf(t().submitTransaction(conflict));
    assert.deepEqual(await errorOf(submitTransaction(t(), conflict)), expected);
    assert.equal(expected.statusCode, 409);
    assert.deepEqual((await rows('x')).map((r) => r.rowKey), ['taken'], 'nothing of the failed batch was stored');
    const stale: TransactionAction[] = [
      ['update', { partitionKey: 'x', rowKey: 'taken', a: 3 }, 'Replace', { etag: 'W/"datetime\'2000-01-01T00%3A00%3A00.0000000Z\'"' }],
      ['create', { partitionKey: 'x', rowKey: 'free', a: 1 }],
    ];
    const expectedStale = await errorOf(t().submitTransaction(stale));
    assert.deepEqual(await errorOf(submitTransaction(t(), stale)), expectedStale);
    assert.equal(expectedStale.statusCode, 412);
  });
});

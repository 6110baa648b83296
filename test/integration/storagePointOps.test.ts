// Point reads and writes made by src/storage/pointOps.ts, against Azurite and against the SDK's
// own: the same entity object back (system properties, every value type the service annotates),
// the same rows stored by replace, merge and upsert, and the same RestError status for a row that
// is not there or an etag that is stale.
import assert from 'node:assert/strict';
import { TableStore } from '../../src/storage/tables';
import { getEntity, writeEntity } from '../../src/storage/pointOps';
import { sharedAzurite, uniquePrefix } from '../support/azurite';

describe('storage point operations against Azurite', () => {
  let store: TableStore;
  before(async () => {
    store = new TableStore((await sharedAzurite()).connectionString, uniquePrefix());
    await store.table('people').createTable();
  });
  const t = () => store.table('people');
  const errorOf = (p: Promise<unknown>) => p.then(() => assert.fail('no error'), (e: { statusCode?: number; name: string }) => ({ name: e.name, statusCode: e.statusCode }));
  const without = (e: Record<string, unknown>) => {
    const { etag: _e, timestamp: _t, 'odata.metadata': _m, ...rest } = e;
    return rest;
  };

  it('reads an entity as the SDK reads it, typed values included', async () => {
    const key = "o'neil æ ~1";
    await t().createEntity({
      partitionKey: 'p',
      rowKey: key,
      text: 'Kari «Nordmann»',
      int: 7,
      double: 2.5,
      whole: 2,
      yes: true,
      big: { value: '9007199254740993', type: 'Int64' },
      when: new Date('2026-11-30T08:00:00.000Z'),
      id: { value: '0b6a6e2e-3f0a-4f62-9c5e-1d2c3b4a5f60', type: 'Guid' },
      bytes: new Uint8Array([1, 2, 3]),
    });
    const sdk = await t().getEntity('p', key);
    const own = await getEntity(t(), 'p', key);
    assert.deepEqual(own, sdk);
    assert.equal(typeof own.big, 'bigint');
    assert.ok(own.when instanceof Date);
  });

  it('stores by replace, merge and upsert what the SDK stores, and returns the new etag', async () => {
    const seed = { a: 'x', n: 1 };
    for (const pk of ['sdk', 'own']) await t().createEntity({ partitionKey: pk, rowKey: 'r', ...seed });
    const sdkBefore = await t().getEntity('sdk', 'r');
    await t().updateEntity({ partitionKey: 'sdk', rowKey: 'r', a: 'y' }, 'Replace', { etag: sdkBefore.etag });
    await t().updateEntity({ partitionKey: 'sdk', rowKey: 'r', b: true }, 'Merge');
    await t().upsertEntity({ partitionKey: 'sdk', rowKey: 'new', c: 2.5 }, 'Replace');
    await t().upsertEntity({ partitionKey: 'sdk', rowKey: 'new', d: 'merged' }, 'Merge');
    const ownBefore = await getEntity(t(), 'own', 'r');
    const r = await writeEntity(t(), { partitionKey: 'own', rowKey: 'r', a: 'y' }, 'Replace', { etag: ownBefore.etag });
    assert.equal(r.etag, (await t().getEntity('own', 'r')).etag);
    await writeEntity(t(), { partitionKey: 'own', rowKey: 'r', b: true }, 'Merge');
    await writeEntity(t(), { partitionKey: 'own', rowKey: 'new', c: 2.5 }, 'Replace', { upsert: true });
    await writeEntity(t(), { partitionKey: 'own', rowKey: 'new', d: 'merged' }, 'Merge', { upsert: true });
    for (const rk of ['r', 'new']) assert.deepEqual(without(await getEntity(t(), 'own', rk)), { ...without(await t().getEntity('sdk', rk)), partitionKey: 'own' });
  });

  it('fails as the SDK does: 404 for a row that is not there, 412 for a stale etag', async () => {
    assert.deepEqual(await errorOf(getEntity(t(), 'p', 'nobody')), await errorOf(t().getEntity('p', 'nobody')));
    assert.equal((await errorOf(getEntity(t(), 'p', 'nobody'))).statusCode, 404);
    await t().createEntity({ partitionKey: 'e', rowKey: 'r', a: 1 });
    const stale = (await t().getEntity('e', 'r')).etag;
    await t().updateEntity({ partitionKey: 'e', rowKey: 'r', a: 2 }, 'Replace', { etag: stale });
    const own = await errorOf(writeEntity(t(), { partitionKey: 'e', rowKey: 'r', a: 3 }, 'Replace', { etag: stale }));
    assert.deepEqual(own, await errorOf(t().updateEntity({ partitionKey: 'e', rowKey: 'r', a: 3 }, 'Replace', { etag: stale })));
    assert.equal(own.statusCode, 412);
    assert.equal((await errorOf(writeEntity(t(), { partitionKey: 'e', rowKey: 'gone', a: 3 }, 'Merge'))).statusCode, 404);
  });
});

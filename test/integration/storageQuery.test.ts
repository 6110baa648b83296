// Queries sent by src/storage/query.ts (queryPages, listAll), against Azurite and against the
// SDK's own listEntities: the same entities in the same order (system properties, every value
// type the service annotates), across pages and partitions, with $select, and with filters whose
// text needs encoding in a URL.
import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { TableStore } from '../../src/storage/tables';
import { listAll, odata, queryPages } from '../../src/storage/query';
import { sharedAzurite, uniquePrefix } from '../support/azurite';

async function sdkList(t: TableClient, filter: string, select?: string[], pageSize = 1000): Promise<Record<string, unknown>[][]> {
  const pages: Record<string, unknown>[][] = [];
  for await (const page of t.listEntities({ queryOptions: { filter: filter || undefined, select } }).byPage({ maxPageSize: pageSize })) pages.push([...page]);
  return pages;
}

async function ownPages(t: TableClient, filter: string, select?: string[], pageSize = 1000): Promise<Record<string, unknown>[][]> {
  const pages: Record<string, unknown>[][] = [];
  for await (const page of queryPages(t, filter, { select, pageSize })) pages.push([...page]);
  return pages;
}

describe('storage queries against Azurite', () => {
  let store: TableStore;
  const keys = ["o'neil æ ~1", 'a+b & c', '100 % sikkert', 'plain', 'z=;,$'];
  before(async () => {
    store = new TableStore((await sharedAzurite()).connectionString, uniquePrefix());
    await store.table('people').createTable();
    for (const pk of ['p1', "p'2 ø"]) {
      for (const [i, rk] of keys.entries()) {
        await t().createEntity({
          partitionKey: pk,
          rowKey: rk,
          text: `Kari «Nordmann» ${i} + 1 & 'x'`,
          int: i,
          double: 2.5,
          yes: i % 2 === 0,
          big: { value: '9007199254740993', type: 'Int64' },
          when: new Date(Date.UTC(2026, 10, 30, i)),
          id: { value: '0b6a6e2e-3f0a-4f62-9c5e-1d2c3b4a5f60', type: 'Guid' },
          bytes: new Uint8Array([1, 2, i]),
        });
      }
    }
  });
  const t = () => store.table('people');

  it('reads every entity as the SDK does, typed values included', async () => {
    const sdk = (await sdkList(t(), '')).flat();
    const own = await listAll(t(), '');
    assert.equal(own.length, 10);
    assert.deepEqual(own, sdk);
    assert.equal(typeof own[0].big, 'bigint');
    assert.ok(own[0].when instanceof Date);
  });

  it('pages across partitions as the SDK does, each page at most the size asked', async () => {
    const sdk = await sdkList(t(), '', undefined, 3);
    const own = await ownPages(t(), '', undefined, 3);
    assert.ok(own.every((p) => p.length <= 3));
    assert.deepEqual(own.flat(), sdk.flat());
    assert.ok(own.length >= 4);
  });

  it('sends filters with quotes, plus signs, ampersands and per cent signs as typed', async () => {
    for (const rk of keys) {
      const filter = odata`PartitionKey eq ${"p'2 ø"} and RowKey eq ${rk}`;
      const own = await listAll(t(), filter);
      assert.equal(own.length, 1, rk);
      assert.deepEqual(own, (await sdkList(t(), filter)).flat());
    }
    const byText = odata`text eq ${"Kari «Nordmann» 1 + 1 & 'x'"}`;
    assert.deepEqual((await listAll(t(), byText)).map((e) => e.rowKey), ['a+b & c', 'a+b & c']);
  });

  it('returns only the selected properties, as the SDK does', async () => {
    const filter = odata`PartitionKey eq ${'p1'}`;
    const own = await listAll(t(), filter, ['RowKey', 'text']);
    assert.deepEqual(own, (await sdkList(t(), filter, ['RowKey', 'text'])).flat());
    assert.deepEqual(Object.keys(own[0]).sort(), ['etag', 'rowKey', 'text'].sort());
  });

  it('returns nothing for a filter that matches nothing', async () => {
    assert.deepEqual(await listAll(t(), odata`PartitionKey eq ${'none'}`), []);
  });
});

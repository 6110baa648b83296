// The bot's own Shared Key Lite signer (src/storage/sharedKey.ts) against Azurite, which checks
// signatures: point writes and reads, a query, a $batch and a table created through TableStore's
// clients are accepted, and the same requests signed with a wrong key are refused with 403, so
// the acceptance is the signature's and not a storage that lets anything in.
import assert from 'node:assert/strict';
import { TableStore } from '../../src/storage/tables';
import { submitTransaction } from '../../src/storage/transaction';
import { listAll } from '../../src/storage/query';
import { sharedAzurite, uniquePrefix } from '../support/azurite';

describe('storage: requests signed by the bot’s Shared Key Lite signer, against Azurite', () => {
  let connectionString: string;
  before(async () => {
    connectionString = (await sharedAzurite()).connectionString;
  });

  it('are accepted: create a table, write, read, query and a transaction, keys with quotes and letters outside ASCII', async () => {
    const store = new TableStore(connectionString, uniquePrefix());
    const t = store.table('people');
    await t.createTable();
    await t.upsertEntity({ partitionKey: "t'1 ø", rowKey: 'Kari Nordmann', name: 'Kari' }, 'Replace');
    assert.equal((await t.getEntity<{ name: string }>("t'1 ø", 'Kari Nordmann')).name, 'Kari');
    await submitTransaction(t, [
      ['create', { partitionKey: "t'1 ø", rowKey: 'Ola', name: 'Ola' }],
      ['update', { partitionKey: "t'1 ø", rowKey: 'Kari Nordmann', name: 'Kari N.' }, 'Merge'],
    ]);
    const rows = await listAll<{ rowKey: string; name: string }>(t, "PartitionKey eq 't''1 ø'");
    assert.deepEqual(rows.map((r) => [r.rowKey, r.name]), [['Kari Nordmann', 'Kari N.'], ['Ola', 'Ola']]);
  });

  it('signed with a wrong key, are refused with 403', async () => {
    const wrongKey = Buffer.from('not the account key, but 64 bytes long like the real one .......').toString('base64');
    const wrong = connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${wrongKey}`);
    assert.notEqual(wrong, connectionString, 'the connection string carries an account key');
    const t = new TableStore(wrong, uniquePrefix()).table('people');
    await assert.rejects(t.createTable(), (e: { statusCode?: number }) => e.statusCode === 403);
    await assert.rejects(t.getEntity('p', 'r'), (e: { statusCode?: number }) => e.statusCode === 403);
  });
});

// Entity group transactions: up to 100 operations on one partition in one request. Used where a
// job writes many rows (due items, period rows, benefit schedule pointers) so its cost per item
// stays a fraction of a request (the round-trip budget in bench/).
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { submitTransaction } from './transaction';

export const MAX_BATCH = 100;

/** Runs `actions` grouped by partition in transactions of ≤ 100; returns the failed groups' actions. */
export async function submitInBatches(
  client: TableClient,
  actions: TransactionAction[],
): Promise<{ failed: TransactionAction[]; errors: unknown[] }> {
  const byPartition = new Map<string, TransactionAction[]>();
  for (const a of actions) {
    const pk = String(a[1].partitionKey);
    let list = byPartition.get(pk);
    if (!list) byPartition.set(pk, (list = []));
    list.push(a);
  }
  const failed: TransactionAction[] = [];
  const errors: unknown[] = [];
  const chunks: TransactionAction[][] = [];
  for (const list of byPartition.values()) {
    for (let i = 0; i < list.length; i += MAX_BATCH) chunks.push(list.slice(i, i + MAX_BATCH));
  }
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        if (chunk.length === 1) await single(client, chunk[0]);
        else await submitTransaction(client, chunk);
      } catch (e) {
        failed.push(...chunk);
        errors.push(e);
      }
    }),
  );
  return { failed, errors };
}

/** One action without a transaction (a transaction of one costs the same but fails less clearly). */
export async function single(client: TableClient, action: TransactionAction): Promise<void> {
  const [kind, entity] = action;
  switch (kind) {
    case 'create':
      await client.createEntity(entity);
      return;
    case 'delete':
      await client.deleteEntity(String(entity.partitionKey), String(entity.rowKey));
      return;
    case 'update':
      await client.updateEntity(entity, action[2] ?? 'Merge', action[3]);
      return;
    case 'upsert':
      await client.upsertEntity(entity, action[2] ?? 'Merge');
      return;
  }
}

/**
 * Runs actions one by one (after their batch failed as a whole), ignoring the given HTTP statuses,
 * e.g. 404 for deleting a row that is gone already. Other errors propagate.
 */
export async function runEach(client: TableClient, actions: TransactionAction[], ignore: number[] = []): Promise<void> {
  for (const a of actions) {
    try {
      await single(client, a);
    } catch (e) {
      if (!ignore.includes((e as { statusCode?: number }).statusCode ?? -1)) throw e;
    }
  }
}

// Small helpers over TableClient listing (every filter is built with the odata template tag) and point reads.
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { getEntity } from './pointOps';

export { odata };

export async function listAll<T extends object = Record<string, unknown>>(
  client: TableClient,
  filter: string,
  select?: string[],
): Promise<TableEntityResult<T>[]> {
  const out: TableEntityResult<T>[] = [];
  for await (const page of client.listEntities<T>({ queryOptions: { filter: filter || undefined, select } }).byPage({ maxPageSize: 1000 })) {
    out.push(...page);
  }
  return out;
}

/** Point read that returns undefined on 404 instead of throwing. */
export async function getOrUndefined<T extends object>(
  client: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<TableEntityResult<T> | undefined> {
  try {
    return await getEntity<T>(client, partitionKey, rowKey);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

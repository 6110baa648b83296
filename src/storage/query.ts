// Small helpers over TableClient listing (every filter is built with the odata template tag) and point reads.
//
// A query is sent here rather than by the SDK's listEntities when the client allows it (as the
// point operations in ./pointOps): the SDK reads each page of up to 1 000 entities three times
// over (its generated deserialiser walks every property of every entity against a mapper, then
// data-tables converts each entity again). In a run-due over 10 000 prompts that was 2.1 GB of
// the 4.9 GB the bot allocated (bench/footprint with BENCH_ALLOC_PROFILE), and CPU with it. The
// entities come back as the SDK returns them (test/integration/storageQuery.test.ts).
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { deserialize, getEntity, send } from './pointOps';
import { internals, tableUrl } from './wire';

export { odata };

/** The entities a filter selects, a page (≤ pageSize, the service's maximum 1 000) at a time. */
export async function* queryPages<T extends object = Record<string, unknown>>(
  client: TableClient,
  filter: string,
  options: { select?: string[]; pageSize?: number } = {},
): AsyncGenerator<TableEntityResult<T>[]> {
  const pageSize = options.pageSize ?? 1000;
  const c = internals(client);
  if (!c) {
    for await (const page of client.listEntities<T>({ queryOptions: { filter: filter || undefined, select: options.select } }).byPage({ maxPageSize: pageSize })) yield page;
    return;
  }
  const headers = { Accept: 'application/json;odata=minimalmetadata', 'x-ms-version': '2019-02-02', DataServiceVersion: '3.0' };
  let next: { partitionKey: string; rowKey?: string } | undefined;
  do {
    const params = new URLSearchParams({ $top: String(pageSize) });
    if (filter) params.set('$filter', filter);
    if (options.select?.length) params.set('$select', options.select.join(','));
    if (next) {
      params.set('NextPartitionKey', next.partitionKey);
      if (next.rowKey) params.set('NextRowKey', next.rowKey);
    }
    const response = await send(c, 'GET', `${tableUrl(c)}()?${params.toString().replace(/\+/g, '%20')}`, headers);
    const body = JSON.parse(response.bodyAsText ?? '{}') as { value?: Record<string, unknown>[] };
    const page = (body.value ?? []).map((e) => deserialize(e) as TableEntityResult<T>);
    const partitionKey = response.headers.get('x-ms-continuation-nextpartitionkey');
    const rowKey = response.headers.get('x-ms-continuation-nextrowkey');
    next = partitionKey ? { partitionKey, rowKey } : undefined;
    if (page.length > 0 || !next) yield page;
  } while (next);
}

export async function listAll<T extends object = Record<string, unknown>>(
  client: TableClient,
  filter: string,
  select?: string[],
): Promise<TableEntityResult<T>[]> {
  const out: TableEntityResult<T>[] = [];
  for await (const page of queryPages<T>(client, filter, { select })) {
    for (const e of page) out.push(e);
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

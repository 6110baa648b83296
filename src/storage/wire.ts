// What storage/transaction.ts and storage/pointOps.ts share to write requests as the SDK writes
// them: the Table client's internals they send through, entity URLs, and entity JSON.
import type { PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import type { TableClient } from '@azure/data-tables';

/** The parts of a TableClient (SDK internals) a request needs: its URL, table, pipeline. */
export interface ClientInternals {
  url: string;
  tableName: string;
  credential?: unknown;
  allowInsecureConnection?: boolean;
  generatedClient?: { sendRequest(request: PipelineRequest): Promise<PipelineResponse> };
}

/** The client's internals when requests can be written for it; undefined leaves it to the SDK (SAS in the URL). */
export function internals(client: TableClient): ClientInternals | undefined {
  const c = client as unknown as ClientInternals;
  return c.generatedClient && c.credential !== undefined ? c : undefined;
}

/** The entity properties the SDK names differently on the wire. */
export const WIRE_NAMES: Readonly<Record<string, string>> = { partitionKey: 'PartitionKey', rowKey: 'RowKey', etag: 'odata.etag', timestamp: 'Timestamp' };

/** A key in an entity's URL: quotes doubled (OData), then percent-encoded as a path parameter. */
export const encodeKey = (key: unknown): string => encodeURIComponent(String(key).replace(/'/g, "''"));

/** The table's URL, and an entity's in it. */
export const tableUrl = (c: Pick<ClientInternals, 'url' | 'tableName'>): string => `${c.url.replace(/\/+$/, '')}/${encodeURIComponent(c.tableName)}`;
export const entityUrl = (c: Pick<ClientInternals, 'url' | 'tableName'>, partitionKey: unknown, rowKey: unknown): string =>
  `${tableUrl(c)}(PartitionKey='${encodeKey(partitionKey)}',RowKey='${encodeKey(rowKey)}')`;

/** The entity as the SDK's JSON (wire names); undefined when a value is not text, a number or a boolean. */
export function entityJson(entity: Record<string, unknown>): string | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) {
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
    out[WIRE_NAMES[k] ?? k] = v;
  }
  return JSON.stringify(out);
}

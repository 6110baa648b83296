// Point reads and writes of one entity, with the request made here rather than by the SDK's
// generated operations (tracing span, operation spec, URL templating, serialiser and
// deserialiser for a request that is a URL and a small JSON object): ~0.3 ms of the bot's CPU per
// request, and an answered card makes three (bench/answerLatency.ts). The request goes through
// the client's own pipeline (credentials, retries, the request counter) with the headers the
// SDK sends; the answer is read as the SDK reads it: the same entity object (system properties
// renamed, typed values converted), a RestError with the status for a failed request. Checked
// against the SDK's own results in test/integration/storagePointOps.test.ts. A client this does
// not know how to address (SAS credentials in the URL) is left to the SDK.
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { RestError, type TableClient, type TableEntityResult, type UpdateMode } from '@azure/data-tables';
import { entityJson, entityUrl, internals, WIRE_NAMES, type ClientInternals } from './wire';

const LOCAL_NAMES: Record<string, string> = Object.fromEntries(Object.entries(WIRE_NAMES).map(([local, wire]) => [wire, local]));

export async function send(c: ClientInternals, method: 'GET' | 'PUT' | 'PATCH', url: string, headers: Record<string, string>, body?: string): Promise<PipelineResponse> {
  const request = createPipelineRequest({ url, method, headers: createHttpHeaders(headers), body, allowInsecureConnection: c.allowInsecureConnection });
  const response = await c.generatedClient!.sendRequest(request);
  if (response.status < 200 || response.status >= 300) {
    throw new RestError(response.bodyAsText || `Unexpected status code: ${response.status}`, { statusCode: response.status, request, response });
  }
  return response;
}

/** TableClient.getEntity: the entity, or a RestError (404 when there is none). */
export async function getEntity<T extends object = Record<string, unknown>>(client: TableClient, partitionKey: string, rowKey: string): Promise<TableEntityResult<T>> {
  const c = internals(client);
  if (!c) return client.getEntity<T>(partitionKey, rowKey);
  const response = await send(c, 'GET', entityUrl(c, partitionKey, rowKey), { Accept: 'application/json;odata=minimalmetadata', 'x-ms-version': '2019-02-02', DataServiceVersion: '3.0' });
  return deserialize(JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>) as TableEntityResult<T>;
}

/**
 * TableClient.updateEntity (`etag` given: only that version; else any) and upsertEntity (`upsert`):
 * Replace is a PUT, Merge a PATCH. Returns the new etag. Values other than text, numbers and
 * booleans go to the SDK.
 */
export async function writeEntity(
  client: TableClient,
  entity: Record<string, unknown> & { partitionKey: string; rowKey: string },
  mode: UpdateMode,
  options: { etag?: string; upsert?: boolean } = {},
): Promise<{ etag?: string }> {
  const c = internals(client);
  const json = c ? entityJson(entity) : undefined;
  if (!c || json === undefined) {
    return options.upsert ? client.upsertEntity(entity, mode) : client.updateEntity(entity, mode, { etag: options.etag });
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'x-ms-version': '2019-02-02', DataServiceVersion: '3.0', Accept: 'application/json' };
  if (!options.upsert) headers['If-Match'] = options.etag ?? '*';
  const response = await send(c, mode === 'Replace' ? 'PUT' : 'PATCH', entityUrl(c, entity.partitionKey, entity.rowKey), headers, json);
  return { etag: response.headers.get('etag') };
}

/** The SDK's reading of an entity: system names in its spelling, annotated values in their types. */
export function deserialize(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.includes('@odata.type')) continue;
    out[LOCAL_NAMES[key] ?? key] = `${key}@odata.type` in body ? typed(value, String(body[`${key}@odata.type`])) : value;
  }
  return out;
}

/** data-tables' getTypedObject (type conversion on). */
function typed(value: unknown, type: string): unknown {
  switch (type) {
    case 'Edm.Boolean':
    case 'Edm.Double':
    case 'Edm.Int32':
    case 'Edm.String':
      return value;
    case 'Edm.DateTime':
      return new Date(value as string);
    case 'Edm.Int64':
      return BigInt(value as string);
    case 'Edm.Guid':
      return { value, type: 'Guid' };
    case 'Edm.Binary':
      return Buffer.from(value as string, 'base64');
    default:
      throw new Error(`Unknown EDM type ${type}`);
  }
}

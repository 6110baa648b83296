// Entity-group transactions ($batch), with the request body written here rather than by the SDK.
// TableClient.submitTransaction builds each operation of a batch by running it through a second
// client's whole pipeline (tracing span, operation spec, URL templating, serialiser) only to
// capture the text of its sub-request: 19 % of a many-tenant run-due's CPU, for the 7 rows a
// prompt writes in batches (its claim, its delivery record, three due items, the benefit's next
// prompt and the due item it came from). This writes the same text — same sub-requests, headers,
// URLs and JSON, checked against the SDK's own in the unit tests — and sends it through the
// client's own pipeline (credentials, retries, the request counter), then reads the answer as
// the SDK does: a failed operation is a RestError with its status and code. Anything this does not
// write (SAS credentials in the URL, values other than text, numbers and booleans) goes to the SDK.
import { randomUUID } from 'node:crypto';
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { RestError, type TableClient, type TransactionAction } from '@azure/data-tables';
import { entityJson, entityUrl, internals, tableUrl, type ClientInternals } from './wire';

const CRLF = '\r\n';

/** Runs the actions (all in one partition, at most 100) as one transaction; throws as the SDK does. */
export async function submitTransaction(client: TableClient, actions: TransactionAction[]): Promise<void> {
  const c = internals(client);
  const transactionId = randomUUID();
  const changesetId = randomUUID();
  const body = c ? transactionBody(c, actions, transactionId, changesetId) : undefined;
  if (!c || !body) {
    await client.submitTransaction(actions);
    return;
  }
  const request = createPipelineRequest({
    url: `${c.url.endsWith('/') ? c.url : `${c.url}/`}$batch`,
    method: 'POST',
    body,
    headers: createHttpHeaders({
      accept: 'application/json',
      'x-ms-version': '2019-02-02',
      DataServiceVersion: '3.0;',
      MaxDataServiceVersion: '3.0;NetFx',
      'Content-Type': `multipart/mixed; boundary=batch_${transactionId}`,
      'Accept-Charset': 'UTF-8',
      Connection: 'Keep-Alive',
    }),
    allowInsecureConnection: c.allowInsecureConnection,
  });
  const response = await c.generatedClient!.sendRequest(request);
  checkTransactionResponse(response);
}

/** The multipart body of the transaction, as the SDK writes it; undefined for what it leaves to the SDK. */
export function transactionBody(c: Pick<ClientInternals, 'url' | 'tableName'>, actions: TransactionAction[], transactionId: string, changesetId: string): string | undefined {
  const table = tableUrl(c);
  const parts = [`--batch_${transactionId}${CRLF}content-type: multipart/mixed; boundary=changeset_${changesetId}${CRLF}${CRLF}`];
  for (const action of actions) {
    const [kind, entity] = action;
    const keyed = () => new URL(entityUrl(c, entity.partitionKey, entity.rowKey)).toString();
    let line: string;
    let headers: string[];
    let json: string | undefined;
    switch (kind) {
      case 'create':
        line = `POST ${new URL(table).toString()}`;
        headers = ['Content-Type: application/json;odata=nometadata', 'Accept: application/json;odata=minimalmetadata', 'DataServiceVersion: 3.0', 'Prefer: return-no-content'];
        json = entityJson(entity);
        break;
      case 'update': {
        const mode = action[2] ?? 'Merge';
        line = `${mode === 'Replace' ? 'PUT' : 'PATCH'} ${keyed()}`;
        headers = ['Content-Type: application/json', 'DataServiceVersion: 3.0', 'Accept: application/json', `If-Match: ${action[3]?.etag ?? '*'}`];
        json = entityJson(entity);
        break;
      }
      case 'upsert':
        line = `${(action[2] ?? 'Merge') === 'Replace' ? 'PUT' : 'PATCH'} ${keyed()}`;
        headers = ['Content-Type: application/json', 'DataServiceVersion: 3.0', 'Accept: application/json'];
        json = entityJson(entity);
        break;
      case 'delete':
        line = `DELETE ${keyed()}`;
        headers = ['Accept: application/json;odata=minimalmetadata', 'DataServiceVersion: 3.0', 'If-Match: *'];
        break;
      default:
        return undefined;
    }
    if (json === undefined && kind !== 'delete') return undefined;
    const sub = [`--changeset_${changesetId}${CRLF}content-type: application/http${CRLF}content-transfer-encoding: binary`, '', `${line} HTTP/1.1`, ...headers, CRLF];
    if (json) sub.push(json);
    parts.push(sub.join(CRLF));
  }
  return `${parts.join(CRLF)}${CRLF}--changeset_${changesetId}--${CRLF}--batch_${transactionId}--${CRLF}`;
}


/** The SDK's reading of a transaction's answer: a RestError for a failed request or operation. */
function checkTransactionResponse(response: PipelineResponse): void {
  const raw = response.bodyAsText ?? '';
  if (response.status < 200 || response.status >= 300) throw bodyError(raw, response.status, response);
  const subResponses = raw.split('--changesetresponse_').slice(1, -1);
  for (const sub of subResponses) {
    const status = /HTTP\/1.1 ([0-9]*)/.exec(sub);
    if (!status || status.length !== 2) throw new Error(`Couldn't extract status from sub-response:\n ${sub}`);
    const code = Number.parseInt(status[1]);
    if (!Number.isInteger(code)) throw new Error(`Expected sub-response status to be an integer ${code}`);
    const body = /\{(.*)\}/.exec(sub);
    if (body && body.length === 2) throw bodyError(body[0], code, response);
  }
}

function bodyError(text: string, statusCode: number, response: PipelineResponse): RestError {
  let parsed: { 'odata.error'?: { code?: string; message?: { value?: string } } } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    parsed = {};
  }
  const error = parsed?.['odata.error'];
  return new RestError(error?.message?.value ?? 'Transaction Failed', { code: error?.code, statusCode, request: response.request, response });
}

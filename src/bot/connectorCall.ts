// Activities sent to the Bot Connector through a ConnectorClient's own HTTP pipeline (its
// credentials, its retries, the tenant's rate-limit policy of ./sender.ts), with the JSON body
// written here once. The client's operations (conversations.sendToConversation, replyToActivity,
// updateActivity) write the same JSON by walking every field of the activity, and the card in it,
// against the Bot Framework's generated model, then read the answer back the same way: 10 % of
// the bot's CPU per prompt (bench/tenants.ts) for a body JSON.stringify writes alike. The request
// is the operation's — method, URL, headers and body (test/unit/bot/connectorCall.test.ts) — and
// a refusal comes back as the operation's does: a RestError with the status, the response (its
// Retry-After) and the service's error code and message.
import { createHttpHeaders, createPipelineRequest, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { Activity } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

interface Pipelined {
  sendRequest(request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse>;
}

/** The core-client ServiceClient inside the connector client (botbuilder-stdlib's compat layer). */
function serviceClientOf(client: ConnectorClient): Pipelined {
  const inner = (client as unknown as { client?: Partial<Pipelined> }).client;
  if (!inner || typeof inner.sendRequest !== 'function') throw new Error('connector client pipeline not found: cannot send');
  return inner as Pipelined;
}

/** `path` appended to the service URL as core-client appends an operation's path. */
function operationUrl(baseUri: string, path: string): string {
  const url = new URL(baseUri);
  Object.assign(url, { pathname: `${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}${path}` });
  return url.toString();
}

export type ActivityCall =
  | { kind: 'send'; conversationId: string }
  | { kind: 'reply'; conversationId: string; replyToId: string }
  | { kind: 'update'; conversationId: string; activityId: string };

/** Sends `activity` as the call's operation would; resolves with the id Teams gave it (may be empty). */
export async function callWithActivity(client: ConnectorClient, call: ActivityCall, activity: Partial<Activity>): Promise<string> {
  const conversation = encodeURIComponent(call.conversationId);
  const [method, path] =
    call.kind === 'send'
      ? (['POST', `v3/conversations/${conversation}/activities`] as const)
      : call.kind === 'reply'
        ? (['POST', `v3/conversations/${conversation}/activities/${encodeURIComponent(call.replyToId)}`] as const)
        : (['PUT', `v3/conversations/${conversation}/activities/${encodeURIComponent(call.activityId)}`] as const);
  const headers = createHttpHeaders({ 'Content-Type': 'application/json; charset=utf-8' });
  // replyToActivity names the conversation in a header of its own as well.
  if (call.kind === 'reply') headers.set('x-ms-conversation-id', call.conversationId);
  const baseUri = (client as unknown as { baseUri: string }).baseUri;
  const request = createPipelineRequest({
    url: operationUrl(baseUri, path),
    method,
    headers,
    body: JSON.stringify(activity),
    // As the client allows it (botbuilder-stdlib: for a service URL of http:, local connectors).
    allowInsecureConnection: baseUri.toLowerCase().startsWith('http:'),
  });
  const response = await serviceClientOf(client).sendRequest(request);
  if (response.status === 200 || response.status === 201 || response.status === 202) {
    const parsed = parseJson(response.bodyAsText ?? undefined);
    return typeof parsed?.id === 'string' ? parsed.id : '';
  }
  // As core-client's deserialisation reads an ErrorResponse: the service's code and message.
  const error = (parseJson(response.bodyAsText ?? undefined)?.error ?? {}) as { code?: unknown; message?: unknown };
  const message = typeof error.message === 'string' && error.message ? error.message : `Unexpected status code: ${response.status}`;
  throw new RestError(message, { statusCode: response.status, code: typeof error.code === 'string' ? error.code : undefined, request, response });
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Counts failed Table Storage requests for telemetry (src/telemetry). Sits in each client's
// pipeline per retry, so every failed attempt counts, including the SDK's own retries. Expected
// answers (404 not found, 409 a claim somebody holds, 412 a stale etag) are not errors.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { telemetry } from '../telemetry';

const FAILED = (status: number): boolean => status >= 500 || status === 408 || status === 429 || status === 401 || status === 403;

/** The table of a request URL: `/<table>(…)` or `/<account>/<table>(…)` (Azurite), or `Tables`. */
function tableOf(url: string): string | undefined {
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    const last = segments[segments.length - 1];
    return last?.replace(/\(.*$/, '') || undefined;
  } catch {
    return undefined;
  }
}

export function storageErrorPolicy(): PipelinePolicy {
  return {
    name: 'gevinstbotStorageErrors',
    async sendRequest(request, next) {
      try {
        const response = await next(request);
        if (FAILED(response.status)) telemetry.storageError(tableOf(request.url), response.status, undefined);
        return response;
      } catch (e) {
        const status = (e as { statusCode?: unknown }).statusCode;
        if (typeof status !== 'number') telemetry.storageError(tableOf(request.url), undefined, (e as { code?: string }).code ?? (e as Error).name);
        throw e;
      }
    },
  };
}

// Storage errors as the services see them: they never import the SDK's RestError.

function statusOf(e: unknown): number | undefined {
  if (typeof e === 'object' && e !== null && 'statusCode' in e) {
    const s = (e as { statusCode?: unknown }).statusCode;
    return typeof s === 'number' ? s : undefined;
  }
  return undefined;
}

/** 409: the entity exists (a claim somebody else holds). */
export const isConflict = (e: unknown): boolean => statusOf(e) === 409;
/** 412: stale etag (somebody changed it first). */
export const isStale = (e: unknown): boolean => statusOf(e) === 412;
export const isNotFound = (e: unknown): boolean => statusOf(e) === 404;

/** Thrown by services when storage cannot be reached; callers tell the user nothing was saved. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Transport failures and 5xx/408/429 from storage: worth telling the user "try again". */
export function isTransient(e: unknown): boolean {
  const s = statusOf(e);
  if (s === undefined) {
    const code = (e as { code?: string } | null)?.code;
    return typeof code === 'string' || e instanceof StorageUnavailableError;
  }
  return s === 408 || s === 429 || s >= 500;
}

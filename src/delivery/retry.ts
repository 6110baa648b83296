// Bounded retries of one call to Teams. The Messenger already waits for the tenant's rate limit and
// for Retry-After on every attempt; here we retry what is still failing (429 without Retry-After,
// 5xx, timeouts) with exponential backoff and full jitter, never sooner than Retry-After. 403/404
// (unreachable) and other 4xx do not get better by trying again.

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

/** Exponential backoff with full jitter, never shorter than the server's Retry-After. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** What one attempt says about itself, as far as retrying goes. */
export interface AttemptResult {
  ok: boolean;
  unreachable?: boolean;
  status?: number;
  retryAfterMs?: number;
}

/** A failure that another attempt cannot mend: unreachable, or a 4xx other than 408 and 429. */
export function isFinalFailure(r: AttemptResult): boolean {
  if (r.unreachable) return true;
  return r.status !== undefined && r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls `attempt` until it succeeds, fails for good, or the policy's attempts are used up. */
export async function withRetry<T extends AttemptResult>(attempt: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < policy.attempts; i++) {
    last = await attempt();
    if (last.ok || isFinalFailure(last)) return last;
    if (i < policy.attempts - 1) await wait(backoffMs(i, policy, last.retryAfterMs));
  }
  return last!;
}

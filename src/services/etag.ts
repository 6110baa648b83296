// Optimistic concurrency, in one place: read → change → write under the row's etag; when someone
// else wrote in between (412), read again and apply the change to what they wrote, so neither
// change is lost. Every read-modify-write of a plan, benefit or period row goes through this.
import { isStale } from '../storage';

/** How many times a change is tried against fresh reads before the user is told to try again. */
export const ETAG_ATTEMPTS = 5;

/**
 * Runs `attempt` (which must read what it changes afresh each time) until it finishes without an
 * etag conflict, at most ETAG_ATTEMPTS times; then returns `exhausted()`. `retryOn` widens what
 * counts as a conflict (e.g. a 409 on a key that was just taken).
 */
export async function withEtagRetry<T>(
  attempt: (n: number) => Promise<T>,
  exhausted: () => T | Promise<T>,
  retryOn: (e: unknown) => boolean = isStale,
): Promise<T> {
  for (let n = 0; n < ETAG_ATTEMPTS; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      if (!retryOn(e)) throw e;
    }
  }
  return exhausted();
}

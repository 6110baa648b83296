// The limits of the report links, in one place: how long a built file is served again, how much
// memory the built files may hold, how many files a tenant may have built per minute and how many
// builds run at once. docs/report.md explains the figures.

/**
 * A built file is served again for this long (from the moment its data was read), as long as the
 * plan row is unchanged. It bounds how stale a figure can be: a measurement, confirmation or lesson
 * recorded after a build shows in the same kind of file at the latest this much later.
 */
export const REPORT_FRESH_MS = 60_000;

/** Memory for built files, per process; the least recently used go first. */
export const REPORT_CACHE_BYTES = 32 * 1024 * 1024;

/** A file bigger than this is served but not kept: one huge plan cannot push out every other. */
export const REPORT_CACHE_ENTRY_MAX_BYTES = REPORT_CACHE_BYTES / 4;

/**
 * Files built per tenant and minute (a burst of this many at once, then one every 60/N s); files
 * served from memory do not count. Building is what costs (the files of a large plan take 0.5–1 s
 * of CPU each); 30 a minute is a whole municipality's leaders opening every report of every plan
 * after the Friday digests, and still leaves the process free to answer Teams.
 */
export const REPORT_BUILDS_PER_MINUTE = 30;

/**
 * Builds running at once, per process. A build is CPU-bound (the PDF of 50 benefits × 104 weeks
 * takes about a second of one core) and holds the plan's rows, so more at once only adds memory.
 */
export const REPORT_BUILDS_AT_ONCE = 2;

/** Builds waiting for a free slot, per process; beyond them a GET is answered 503 at once. */
export const REPORT_BUILDS_WAITING = 16;

/** The Retry-After of a 503 while every build slot and waiting place is taken. */
export const REPORT_BUSY_RETRY_SECONDS = 5;

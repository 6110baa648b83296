// The lock file of an embedded storage folder (DATA_DIR/azurite/gevinstbot.lock): two Azurite
// processes on one folder lose data (each keeps the whole database in memory and saves it over
// the other's), so the process that starts Azurite on a folder holds the lock while it runs. The
// file says who holds it, where its storage answers and a token that only the holder knows; it is
// created atomically and exclusively (a complete temporary file hard-linked into place, which
// fails when the lock exists), replaced only by its holder (write + rename) and removed only by
// the holder whose token it carries.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LockRole = 'bot' | 'dev' | 'cli';

export interface LockHolder {
  /** The process that took the lock (the bot, `npm run dev`, a gevinstbot command). */
  pid: number;
  role: LockRole;
  /** Azurite's table port on 127.0.0.1. */
  port: number;
  /** The Azurite process, once it answers. */
  azuritePid?: number;
  token: string;
  startedAt: string;
}

export const LOCK_FILE = 'gevinstbot.lock';

export const lockPath = (location: string) => path.join(location, LOCK_FILE);

export const newToken = () => randomBytes(16).toString('hex');

function temporary(file: string, holder: LockHolder): string {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  return tmp;
}

/** Creates the lock with `holder` in it; false when a lock is there already. */
export function createLock(file: string, holder: LockHolder): boolean {
  const tmp = temporary(file, holder);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
    // A file system without hard links: O_EXCL creation (a reader may see it half-written for a
    // moment, and waits: an unreadable lock counts as being written until it is 10 s old).
    try {
      writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    unlinkSync(tmp);
  }
}

/** The holder in the lock file; undefined when there is none; 'unreadable' when it is not a lock. */
export function readLock(file: string): LockHolder | undefined | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    if (Number.isInteger(h.pid) && Number.isInteger(h.port) && typeof h.token === 'string' && ['bot', 'dev', 'cli'].includes(h.role)) return h;
  } catch {
    // not JSON
  }
  return 'unreadable';
}

/** How old the lock file is, in ms (Infinity when it is gone). */
export function lockAgeMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** The holder rewrites its own lock (to add the Azurite pid): atomically, by rename. */
export function updateLock(file: string, holder: LockHolder): void {
  const current = readLock(file);
  if (typeof current !== 'object' || current.token !== holder.token) throw new Error(`${file} is no longer this process's lock`);
  renameSync(temporary(file, holder), file);
}

/** Removes the lock if it is still the one with `token`. */
export function releaseLock(file: string, token: string): void {
  const current = readLock(file);
  if (typeof current === 'object' && current.token === token) unlinkSync(file);
}

/**
 * Removes a lock judged stale (its holder and its Azurite are gone). It is first moved aside and
 * read again: if another process replaced it in between, that lock is put back.
 */
export function removeStaleLock(file: string, judged: LockHolder | 'unreadable'): void {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = readLock(aside);
  const same = judged === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === judged.token;
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      // a newer lock is in place already
    }
  }
  unlinkSync(aside);
}

/** Whether a process with this pid exists. */
export function isAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether 127.0.0.1:port answers as an Azurite table service. */
export async function answersAsAzurite(port: number, timeoutMs = 1500): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(timeoutMs) });
    await r.body?.cancel();
    return (r.headers.get('server') ?? '').startsWith('Azurite-Table');
  } catch {
    return false;
  }
}

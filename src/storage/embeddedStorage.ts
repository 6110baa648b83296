// Who runs the embedded storage of a folder (DATA_DIR/azurite): one Azurite per folder, ever
// (./storageLock.ts). The bot (`npm start`) and `npm run dev` start it and hold the folder's lock
// while they run; a second one on the same folder is refused with a message that says what to
// do. A gevinstbot command uses the storage of the bot running from the same folder; when none
// runs, it starts the storage itself for the length of the command (and holds the lock; another
// command waits for it). A lock whose holder and Azurite are gone (a crash, a kill) is stale and
// taken over.
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { freePort, startAzurite, type EmbeddedAzurite } from './embeddedAzurite';
import {
  answersAsAzurite,
  createLock,
  isAlive,
  lockAgeMs,
  lockPath,
  newToken,
  readLock,
  releaseLock,
  removeStaleLock,
  updateLock,
  type LockHolder,
  type LockRole,
} from './storageLock';
import { azuriteConnectionString } from './tables';

export interface EmbeddedStorage {
  port: number;
  connectionString: string;
  /** True when this is another process's storage (a command beside a running bot). */
  shared: boolean;
  /** Stops the storage this process started and releases the folder; nothing for shared storage. */
  stop(): Promise<void>;
}

export class StorageLockedError extends Error {
  constructor(
    message: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
  }
}

export interface EmbeddedStorageOptions {
  /** Azurite's port: this one if it is free, else any (`npm run dev` asks for 10002). */
  port?: number;
  log?: Logger;
  /** How long to wait for a holder that is starting, closing, or a command still running. */
  waitMs?: number;
}

const WHO: Record<LockRole, string> = {
  bot: 'a running Gevinstbot (npm start)',
  dev: 'npm run dev',
  cli: 'a gevinstbot command',
};

type Assessment =
  | { state: 'free' }
  | { state: 'stale'; judged: LockHolder | 'unreadable' }
  | { state: 'usable'; holder: LockHolder }
  | { state: 'wait'; holder?: LockHolder; why: string };

async function assess(file: string): Promise<Assessment> {
  const h = readLock(file);
  if (h === undefined) return { state: 'free' };
  if (h === 'unreadable') return lockAgeMs(file) > 10_000 ? { state: 'stale', judged: h } : { state: 'wait', why: 'its lock file is being written' };
  const holderAlive = isAlive(h.pid);
  const azuriteAlive = h.azuritePid !== undefined && isAlive(h.azuritePid);
  if (azuriteAlive && !holderAlive) return { state: 'wait', holder: h, why: `its storage process (pid ${h.azuritePid}) outlived it and has not closed` };
  if (azuriteAlive) return (await answersAsAzurite(h.port)) ? { state: 'usable', holder: h } : { state: 'wait', holder: h, why: `its storage does not answer on 127.0.0.1:${h.port}` };
  if (h.azuritePid === undefined && holderAlive) return { state: 'wait', holder: h, why: 'its storage has not started' };
  return { state: 'stale', judged: h };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The embedded storage of `location` for a process in `role` (see the top of this file). */
export async function useEmbeddedStorage(location: string, role: LockRole, options: EmbeddedStorageOptions = {}): Promise<EmbeddedStorage> {
  mkdirSync(location, { recursive: true });
  const file = lockPath(location);
  const deadline = Date.now() + (options.waitMs ?? (role === 'cli' ? 120_000 : 30_000));
  for (;;) {
    const holder: LockHolder = { pid: process.pid, role, port: options.port || (await freePort()), token: newToken(), startedAt: new Date().toISOString() };
    if (createLock(file, holder)) return startOwn(location, file, holder, options);

    const found = await assess(file);
    if (found.state === 'free') continue; // released in between
    if (found.state === 'stale') {
      options.log?.info({ event: 'storage.staleLock', location, holder: found.judged === 'unreadable' ? 'unreadable' : found.judged.pid }, 'took over the storage lock of a process that is gone');
      removeStaleLock(file, found.judged);
      continue;
    }
    if (found.state === 'usable') {
      const h = found.holder;
      if (role === 'cli' && h.role !== 'cli') {
        return { port: h.port, connectionString: azuriteConnectionString(h.port), shared: true, stop: async () => undefined };
      }
      if (h.role !== 'cli') {
        throw new StorageLockedError(
          `${WHO[h.role]} (pid ${h.pid}, since ${h.startedAt}) already runs the embedded storage in ${location}, on 127.0.0.1:${h.port}. ` +
            'Two storage processes on one folder lose data, so this one does not start. Stop that one first ' +
            `(Ctrl-C in its terminal, or kill ${h.pid}), or give this one a folder of its own (DATA_DIR=…). ` +
            'gevinstbot commands (run-due, due, demo) use the running one by themselves.',
          h,
        );
      }
      // A gevinstbot command runs on storage it started itself: wait for it to finish.
    }
    if (Date.now() > deadline) {
      const h = found.state === 'usable' ? found.holder : found.holder;
      const why = found.state === 'usable' ? 'it is still running' : found.why;
      throw new StorageLockedError(
        `The embedded storage in ${location} is locked by ${h ? `${WHO[h.role]} (pid ${h.pid}, since ${h.startedAt})` : 'another process'}, and ${why}. ` +
          `If that process has hung, stop it${h ? ` (kill ${h.azuritePid ?? h.pid})` : ''} and try again; if no such process runs, delete ${file}. ` +
          'Or use other storage: DATA_DIR=… or AZURE_STORAGE_CONNECTION_STRING=….',
        h,
      );
    }
    await sleep(250);
  }
}

async function startOwn(location: string, file: string, holder: LockHolder, options: EmbeddedStorageOptions): Promise<EmbeddedStorage> {
  let azurite: EmbeddedAzurite | undefined;
  try {
    try {
      azurite = await startAzurite({ location, port: holder.port });
    } catch (e) {
      if (!options.port) throw e;
      // The port asked for is taken: any free one (the lock says which).
      holder.port = await freePort();
      updateLock(file, holder);
      azurite = await startAzurite({ location, port: holder.port });
    }
    updateLock(file, { ...holder, azuritePid: azurite.pid });
  } catch (e) {
    await azurite?.stop();
    releaseLock(file, holder.token);
    throw e;
  }
  const own = azurite;
  let stopped = false;
  return {
    port: own.port,
    connectionString: own.connectionString,
    shared: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await own.stop();
      releaseLock(file, holder.token);
    },
  };
}

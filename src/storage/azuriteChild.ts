// The embedded storage process: Azurite's table service (started by ./embeddedAzurite.ts with
// Azurite's own command-line flags), with two additions made before Azurite loads:
//
// 1. It closes itself (as on Ctrl-C, saving its database) when the process that started it dies,
//    even by SIGKILL: stdin is a pipe from that process, and the pipe ends with it.
// 2. Durable writes. Azurite keeps its tables in LokiJS, which it saves to disk only every 5 s
//    (autosaveInterval 5000, fixed in Azurite 3.35, no flag to change it): a storage process
//    killed 1 s after five answers the owner saw confirmed lost all five. So the answer to every
//    request that changes data is held back until LokiJS has saved the database to disk
//    (Loki.saveDatabase; its throttled saves let writes that arrive during a save share the next
//    one). A write is answered only once it is in the file: it survives the storage process
//    being killed, as the local-mode README promises (not a power cut: LokiJS's file adapter
//    writes and renames the file without fsync).
//
// Runs as plain Node (dist/) or under tsx (tests from src/): nothing but Node and Azurite's files.
import type http from 'node:http';
import path from 'node:path';

const TABLE_DIR = path.dirname(require.resolve('azurite/dist/src/table/main.js'));
const inMemory = process.argv.includes('--inMemoryPersistence');

process.stdin.on('end', () => process.kill(process.pid, 'SIGINT'));
process.stdin.resume();

interface LokiDb {
  saveDatabase(callback: (err?: unknown) => void): void;
}

if (!inMemory) {
  const store = require(path.join(TABLE_DIR, 'persistence', 'LokiTableMetadataStore.js')) as {
    default?: { prototype: { init?: (...a: unknown[]) => Promise<void>; db?: LokiDb } };
  };
  const proto = store.default?.prototype;
  if (typeof proto?.init !== 'function') {
    // A different Azurite: refuse to run rather than run without durable writes.
    process.stderr.write(`gevinstbot: ${TABLE_DIR} has no LokiTableMetadataStore.init; durable writes cannot be set up for this Azurite version\n`);
    process.exit(3);
  }
  let db: LokiDb | undefined;
  const init = proto.init;
  proto.init = async function (this: { db?: LokiDb }, ...args: unknown[]) {
    await init.apply(this, args);
    db = this.db;
  };

  const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
  const holdUntilSaved = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!db || READS.has(req.method ?? 'GET')) return;
    const database = db;
    const end = res.end;
    res.end = function (this: http.ServerResponse, ...args: unknown[]) {
      res.end = end;
      // A refused write (409, 412, 404 …) changed nothing: no save to wait for.
      if (res.statusCode >= 400) return (end as (...a: unknown[]) => http.ServerResponse).apply(res, args);
      database.saveDatabase((err) => {
        if (err) {
          // Not on disk: the client must not hear "done". It sees a broken connection and retries.
          process.stderr.write(`gevinstbot: saving the table database failed: ${err instanceof Error ? err.message : String(err)}\n`);
          res.destroy();
          return;
        }
        (end as (...a: unknown[]) => http.ServerResponse).apply(res, args);
      });
      return res;
    } as typeof res.end;
  };
  // Azurite's request listener (an express app, made by the factory) gets the guard in front.
  const factory = require(path.join(TABLE_DIR, 'TableRequestListenerFactory.js')) as {
    default?: { prototype: { createRequestListener?: (...a: unknown[]) => http.RequestListener } };
  };
  const factoryProto = factory.default?.prototype;
  if (typeof factoryProto?.createRequestListener !== 'function') {
    process.stderr.write(`gevinstbot: ${TABLE_DIR} has no TableRequestListenerFactory.createRequestListener; durable writes cannot be set up for this Azurite version\n`);
    process.exit(3);
  }
  const createRequestListener = factoryProto.createRequestListener;
  factoryProto.createRequestListener = function (this: unknown, ...args: unknown[]): http.RequestListener {
    const listener = createRequestListener.apply(this, args);
    return (req, res) => {
      holdUntilSaved(req, res);
      listener(req, res);
    };
  };
}

// Azurite reads its flags from process.argv as [node, its main script, …flags].
const main = path.join(TABLE_DIR, 'main.js');
process.argv = [process.argv[0], main, ...process.argv.slice(2)];
require(main);

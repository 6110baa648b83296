// Starting the embedded Azurite on a port another server holds: the server answering there is
// checked to be Azurite's table service, so the bot (or a test) never takes someone else's
// server for its storage. A free port taken by another process while Azurite starts is the same
// check, followed by a new port (src/storage/embeddedAzurite.ts).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAzurite } from '../../src/storage';

describe('embedded Azurite: the port answers for Azurite, or it does not start', () => {
  it('refuses a port that another HTTP server holds, with a message that names it', async function () {
    this.timeout(30_000);
    const other = http.createServer((_req, res) => {
      res.writeHead(404, { Server: 'restify' });
      res.end('{"code":"ResourceNotFound"}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const port = (other.address() as AddressInfo).port;
    try {
      await assert.rejects(startAzurite({ port }), /answered by another server \(restify\)/);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('starts on a free port and answers as Azurite', async function () {
    this.timeout(30_000);
    const azurite = await startAzurite();
    try {
      const r = await fetch(`http://127.0.0.1:${azurite.port}/devstoreaccount1/Tables`);
      assert.match(r.headers.get('server') ?? '', /^Azurite-Table/);
    } finally {
      await azurite.stop();
    }
  });
});

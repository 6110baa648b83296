// The platform under the bot: the Node.js it runs on (22 and 24 LTS), a start and a CLI call
// without deprecation or other warnings, and restify 12's URL parsing kept from ending the
// process on a request it cannot parse.
import assert from 'node:assert/strict';
import net from 'node:net';
import { MIN_NODE_MAJOR, unsupportedNode } from '../../src/nodeVersion';
import { sharedAzurite } from '../support/azurite';
import { runCli, startServerProcess, waitUntil, type Child } from '../support/processes';

/** One raw HTTP/1.1 request; the status line and body of the answer. */
function rawRequest(port: number, request: string): Promise<{ status: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: data.split('\r\n')[0], body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
}

describe('platform: Node.js and the HTTP server', () => {
  it(`runs on Node.js ${MIN_NODE_MAJOR} or newer (this run: ${process.version})`, () => {
    assert.ok(Number(process.versions.node.split('.')[0]) >= MIN_NODE_MAJOR, process.version);
    assert.equal(unsupportedNode(process.versions.node), undefined);
    assert.match(unsupportedNode('20.20.2') ?? '', /needs Node\.js 22 or newer.*this is Node\.js 20\.20\.2/s);
  });

  describe('the bot as a process', () => {
    let bot: Child | undefined;
    let url = '';
    before(async function () {
      this.timeout(60_000);
      const azurite = await sharedAzurite();
      bot = startServerProcess({ PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', LOG_LEVEL: 'info', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
      const b = bot;
      url = await waitUntil(() => /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(b.stdout())?.[1] ?? (b.child.exitCode !== null ? `exited: ${b.stderr()}` : undefined), 45_000, 'the bot to listen');
      assert.match(url, /^http:/, url);
    });
    after(async () => {
      bot?.kill('SIGTERM');
      await bot?.exited;
    });

    it('starts on this Node.js, says so in its start log, and writes nothing on stderr (no deprecation warnings)', async () => {
      const listening = bot!.stdout().split('\n').find((l) => l.includes('"server.listening"'));
      assert.equal(JSON.parse(listening!).node, process.version);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.equal(bot!.stderr(), '');
    });

    it('answers a request whose Host header cannot be parsed with 400 and stays up', async () => {
      const port = Number(new URL(url).port);
      for (const host of ['a b', '[::1', 'x:y:z']) {
        const r = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
        assert.match(r.status, /^HTTP\/1\.1 400 /, `Host: ${host} → ${r.status}`);
        assert.equal(r.body, '{"error":"bad request"}');
      }
      assert.equal(bot!.child.exitCode, null, 'the bot process is still running');
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const report = await rawRequest(port, `GET /reports/${'x'.repeat(300)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.match(report.status, /^HTTP\/1\.1 404 /, 'a long report token reaches the route (maxParamLength) and is refused as unknown');
      assert.equal(bot!.stderr(), '');
    });
  });

  it('a CLI call prints its answer and no warning', async () => {
    const r = await runCli(['help'], {});
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage:\n {2}gevinstbot run-due/);
    assert.equal(r.stderr, '');
  });
});

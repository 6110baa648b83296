// Embedded Table Storage for local runs and tests: Azurite's table service as a child process on
// loopback, telemetry off. `npm start` persists under DATA_DIR/azurite (every write on disk before
// it is answered, ./azuriteChild.ts); tests run it in memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { azuriteConnectionString } from './tables';

export interface EmbeddedAzurite {
  port: number;
  /** The Azurite process (tests kill it to prove what survives). */
  pid: number;
  connectionString: string;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** Folder to persist in; undefined = in memory. */
  location?: string;
  /** 0 or undefined = a free port. */
  port?: number;
  /** HTTPS with this certificate and key (PEM files), and optionally OAuth ("basic": Azurite checks a token's audience, issuer and lifetime, not its signature). */
  https?: { certPath: string; keyPath: string; oauth?: 'basic' };
}

/**
 * How to start ./azuriteChild (Azurite with an orphan guard and durable writes): compiled, the .js
 * beside this file; from the sources (tests, tsx), the .ts under tsx.
 */
function childCommand(): string[] {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `azuriteChild${ext}`);
  // --no-deprecation: Azurite's own dependencies warn on Node 22+ (punycode); not ours to fix.
  return ext === '.ts' ? ['--no-deprecation', '--require', require.resolve('tsx/cjs'), file] : ['--no-deprecation', file];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A free port found for Azurite was taken by another server before Azurite could listen on it. */
class PortTaken extends Error {}

export async function startAzurite(options: AzuriteOptions = {}): Promise<EmbeddedAzurite> {
  // A free port is free only until someone listens on it: another process (a test's server, a
  // second bot) may take it while Azurite starts. Then Azurite cannot listen, and the port answers
  // for someone else; a new port is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAzuriteOn(options.port || (await freePort()), options);
    } catch (e) {
      if (!(e instanceof PortTaken) || options.port || attempt >= 3) throw e;
    }
  }
}

async function startAzuriteOn(port: number, options: AzuriteOptions): Promise<EmbeddedAzurite> {
  // Azurite watches its stdin, a pipe from this process: when this process dies (even by SIGKILL)
  // the pipe closes and Azurite closes itself as on Ctrl-C, so no orphaned Azurite outlives the
  // bot or a killed test run. Persisted, it answers a write only once it is saved to disk.
  const args = [...childCommand(), '--tableHost', '127.0.0.1', '--tablePort', String(port), '--silent', '--disableTelemetry', '--skipApiVersionCheck'];
  if (options.https) {
    args.push('--cert', options.https.certPath, '--key', options.https.keyPath);
    if (options.https.oauth) args.push('--oauth', options.https.oauth);
  }
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', path.resolve(options.location));
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    await waitForPort(port, child, 15_000);
    await confirmAzurite(port, !!options.https);
  } catch (e) {
    child.kill('SIGKILL');
    if (e instanceof PortTaken) throw e;
    throw new Error(`Azurite did not start on 127.0.0.1:${port}: ${(e as Error).message}${stderr ? `\n${stderr}` : ''}`);
  }
  return {
    port,
    pid: child.pid!,
    connectionString: azuriteConnectionString(port, options.https ? 'https' : 'http'),
    stop: () => stopChild(child),
  };
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

/** That the server now listening on the port is Azurite's table service (its Server header), not another that took the port. */
function confirmAzurite(port: number, secure: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    // A probe without credentials: Azurite answers it 403, with its name in the Server header.
    const get = secure ? https.get : http.get;
    const req = get({ host: '127.0.0.1', port, path: '/devstoreaccount1/Tables', timeout: 5_000, ...(secure ? { rejectUnauthorized: false } : {}) }, (res) => {
      res.resume();
      const server = String(res.headers.server ?? '');
      if (/^Azurite-Table/i.test(server)) resolve();
      else reject(new PortTaken(`port ${port} is answered by another server (${server || 'no Server header'})`));
    });
    req.on('timeout', () => req.destroy(new Error('no answer to the start-up probe')));
    req.on('error', (e) => reject(e));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // SIGINT, not SIGTERM: Azurite's table server saves its database (LokiJS, autosaved only
    // every 5 s) when it closes on SIGINT, but dies on the spot on SIGTERM, which lost the last
    // seconds of writes of every local run at shutdown (found by the storage-outage test).
    child.kill('SIGINT');
  });
}

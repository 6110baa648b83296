// A TCP proxy between a bot and Azurite that can be cut: the storage "outage" of a test, placed at
// an exact step. It reads the HTTP/1.1 requests that pass (the table client sends one request at a
// time per connection, with a Content-Length), so a test can cut storage
//   · before a matching request reaches Azurite (the write never happened), or
//   · after Azurite answered it, dropping the answer (the write happened; its caller never knows),
// or cut it at any moment (`cut()`) and restore it later. While cut, every open connection is
// destroyed and new ones are reset at once: the client sees ECONNRESET, as when a storage account
// becomes unreachable.
import net from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path and query, e.g. `/devstoreaccount1/ledger` or `/devstoreaccount1/$batch`. */
  path: string;
  /** Headers and body as text (a $batch body names the table and the operations inside). */
  text: string;
}

export type CutMode = 'before' | 'afterAnswer';

interface Rule {
  match: (r: ProxiedRequest) => boolean;
  mode: CutMode;
  resolve: (r: ProxiedRequest) => void;
}

export class StorageProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private rules: Rule[] = [];
  private down = false;
  /** Every request that passed (or was cut), oldest first. */
  readonly requests: ProxiedRequest[] = [];
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Starts listening; returns the connection string of `azuriteConnectionString` pointed at the proxy. */
  async start(azuriteConnectionString: string): Promise<string> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return azuriteConnectionString.replace(/(TableEndpoint=https?:\/\/)[^:/;]+:\d+/i, `$1127.0.0.1:${this.port}`);
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Storage goes away now: open connections are destroyed, new ones reset. */
  cut(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  /**
   * Cuts storage at the first request that matches: before it reaches Azurite, or after Azurite
   * answered it (the answer is dropped). Resolves with that request once storage is cut.
   */
  cutOn(match: (r: ProxiedRequest) => boolean, mode: CutMode): Promise<ProxiedRequest> {
    return new Promise((resolve) => this.rules.push({ match, mode, resolve }));
  }

  /** Forgets the rules that have not fired. */
  clearRules(): void {
    this.rules = [];
  }

  private accept(client: net.Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);

    let buffer = Buffer.alloc(0);
    let pending: Rule | undefined;
    let cutAfterAnswer: { rule: Rule; request: ProxiedRequest } | undefined;
    client.on('data', (chunk: Buffer) => {
      if (this.down) return drop();
      buffer = Buffer.concat([buffer, chunk]);
      // Forward whole requests only, so a cut can fall exactly before one.
      for (;;) {
        const head = buffer.indexOf('\r\n\r\n');
        if (head < 0) return;
        const headText = buffer.subarray(0, head).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0);
        const total = head + 4 + length;
        if (buffer.length < total) return;
        const raw = buffer.subarray(0, total);
        buffer = buffer.subarray(total);
        const [method = '', path = ''] = headText.split('\r\n', 1)[0].split(' ');
        const request: ProxiedRequest = { method, path, text: raw.toString('utf8') };
        this.requests.push(request);
        pending = this.rules.find((r) => r.match(request));
        if (pending) this.rules.splice(this.rules.indexOf(pending), 1);
        if (pending?.mode === 'before') {
          this.cut();
          pending.resolve(request);
          return;
        }
        if (pending?.mode === 'afterAnswer') cutAfterAnswer = { rule: pending, request };
        upstream.write(raw);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.down) return drop();
      if (cutAfterAnswer) {
        // Azurite has done the work and answered: the answer never reaches the client.
        const { rule, request } = cutAfterAnswer;
        cutAfterAnswer = undefined;
        this.cut();
        rule.resolve(request);
        return;
      }
      client.write(chunk);
    });
  }
}

/** The host and port of an Azurite connection string's table endpoint. */
export function tableEndpointOf(connectionString: string): { host: string; port: number } {
  const m = /TableEndpoint=https?:\/\/([^:/;]+):(\d+)/i.exec(connectionString);
  if (!m) throw new Error('no TableEndpoint with a port in the connection string');
  return { host: m[1], port: Number(m[2]) };
}

/** A proxy in front of an Azurite, started; `connectionString` goes through it. */
export async function proxyFor(azuriteConnectionString: string): Promise<{ proxy: StorageProxy; connectionString: string }> {
  const proxy = new StorageProxy(tableEndpointOf(azuriteConnectionString));
  const connectionString = await proxy.start(azuriteConnectionString);
  return { proxy, connectionString };
}

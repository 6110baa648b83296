// A loopback stand-in for Application Insights' ingestion endpoint (Breeze: POST /v2.1/track,
// a gzipped JSON array of envelopes), so the real Azure Monitor exporter can be tested offline.
// Point APPLICATIONINSIGHTS_CONNECTION_STRING's IngestionEndpoint at `url`. HTTPS only (the
// exporter speaks TLS whatever the URL says): the child trusts `cert` with NODE_EXTRA_CA_CERTS.
import https from 'node:https';
import { makeCertificate, type TestCertificate } from './entra';
import { gunzipSync } from 'node:zlib';

export interface Envelope {
  name: string;
  time: string;
  iKey?: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> & { properties?: Record<string, string>; metrics?: { name: string; value: number; count?: number }[] } };
}

export interface FakeIngestion {
  url: string;
  envelopes: Envelope[];
  /** Requests to any path other than /v2.1/track (live metrics, statsbeat…), for the test to refuse. */
  otherPaths: string[];
  cert: TestCertificate;
  close(): Promise<void>;
}

export async function startFakeIngestion(): Promise<FakeIngestion> {
  const envelopes: Envelope[] = [];
  const otherPaths: string[] = [];
  const cert = makeCertificate();
  const server = https.createServer({ cert: cert.certPem, key: (await import('node:fs')).readFileSync(cert.keyPath) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v2.1/track')) {
        otherPaths.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString('utf8').trim();
      const items = (text.startsWith('[') ? (JSON.parse(text) as Envelope[]) : text.split('\n').map((l) => JSON.parse(l) as Envelope));
      envelopes.push(...items);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  // Node closes idle keep-alive sockets after 5 s; the exporter reuses its socket for the next
  // batch, and a reset there sends the batch to its disk queue (retried later, in production).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/`,
    envelopes,
    otherPaths,
    cert,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => {
          cert.remove();
          r();
        });
      }),
  };
}

/** Environment that keeps the distro on loopback: its usage statistics (statsbeat, SDK stats) off. */
export const OFFLINE_DISTRO_ENV = {
  APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
};

// Fetching a file a person sent to the bot. Teams hands the bot a short-lived download link; the
// bot follows it only to the hosts Teams serves files from (SharePoint/OneDrive), over HTTPS, and
// in local mode (no App ID, where the Agents Playground and the tests stand in for Teams) only to
// loopback. The body is read with a hard size limit: the download stops at the first byte over it.
import type { Services } from '../context';

/** The largest workbook the import reads. */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

/** Where Teams serves files sent to a bot from: SharePoint and OneDrive, in every Microsoft cloud. */
const TEAMS_FILE_HOSTS = [/\.sharepoint\.com$/, /\.sharepoint\.us$/, /\.sharepoint\.de$/, /\.sharepoint\.cn$/, /\.sharepoint-df\.com$/];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export type DownloadFailure = 'host' | 'tooLarge' | 'failed';
export type Download = { ok: true; bytes: Buffer } | { ok: false; reason: DownloadFailure };

/** Whether the bot may fetch this URL: Teams' file hosts over HTTPS, or loopback in local mode. */
export function allowedDownloadUrl(localMode: boolean, raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  if (localMode) return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(host);
  return url.protocol === 'https:' && TEAMS_FILE_HOSTS.some((re) => re.test(host));
}

export async function downloadFile(s: Services, rawUrl: string, maxBytes = MAX_IMPORT_FILE_BYTES): Promise<Download> {
  let url = rawUrl;
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!allowedDownloadUrl(s.config.localMode, url)) return { ok: false, reason: 'host' };
      const res = await fetch(url, { redirect: 'manual', signal });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        s.log.warn({ status: res.status }, 'file download refused');
        return { ok: false, reason: 'failed' };
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body.cancel();
        return { ok: false, reason: 'tooLarge' };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) return { ok: false, reason: 'tooLarge' };
        chunks.push(Buffer.from(chunk));
      }
      return { ok: true, bytes: Buffer.concat(chunks) };
    }
    return { ok: false, reason: 'failed' };
  } catch (e) {
    s.log.warn({ err: e }, 'file download failed');
    return { ok: false, reason: 'failed' };
  }
}

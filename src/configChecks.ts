// Pure checks behind src/config.ts for the variables that carry credentials or endpoints. Each
// returns the problem in words an operator can act on (what to type instead), or undefined.
// The storage rules mirror what @azure/data-tables itself accepts (test/unit/configChecks.test.ts
// holds the two side by side), so a value that passes here does not fail at start.

type Parts = Map<string, string>;

function parts(s: string): Parts | undefined {
  const out: Parts = new Map();
  for (const seg of s.split(';')) {
    if (seg.trim() === '') continue;
    const i = seg.indexOf('=');
    if (i <= 0) return undefined;
    out.set(seg.slice(0, i).trim().toLowerCase(), seg.slice(i + 1).trim());
  }
  return out;
}

const CONNECTION_STRING_FORMS =
  '"DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net", ' +
  '"TableEndpoint=https://<account>.table.core.windows.net;SharedAccessSignature=sv=…" or "UseDevelopmentStorage=true"';

/** AZURE_STORAGE_CONNECTION_STRING: an account key, a SAS connection string, or the dev storage. */
export function connectionStringProblem(s: string): string | undefined {
  if (/usedevelopmentstorage=true/i.test(s)) return undefined;
  if (/^https?:\/\//i.test(s)) {
    const sas = s.includes('?') ? s.slice(s.indexOf('?') + 1) : '';
    return sas
      ? `a URL with a SAS is not a connection string; write it as "TableEndpoint=${s.slice(0, s.indexOf('?'))};SharedAccessSignature=<the part after ?>" (or, keyless, put the plain URL in AZURE_STORAGE_TABLE_URL)`
      : 'a URL is not a connection string; for keyless access (managed identity) put it in AZURE_STORAGE_TABLE_URL instead';
  }
  const p = parts(s);
  if (!p) return `not a storage connection string (expected ${CONNECTION_STRING_FORMS})`;
  // The SDK's rule: DefaultEndpointsProtocol and AccountKey make an account-key string; anything else is read as a SAS string.
  if (p.has('defaultendpointsprotocol') && p.has('accountkey')) {
    if (!p.get('accountname')) return 'AccountName is missing (the storage account\'s name)';
    if (!p.get('accountkey')) return 'AccountKey is empty';
    const endpoint = p.get('tableendpoint');
    if (endpoint) return urlShapeProblem(endpoint, 'TableEndpoint', { allowHttp: true });
    const protocol = (p.get('defaultendpointsprotocol') ?? '').toLowerCase();
    if (protocol !== 'https' && protocol !== 'http') return 'DefaultEndpointsProtocol must be https';
    if (!p.get('endpointsuffix')) return 'EndpointSuffix is missing (core.windows.net in the public cloud), or give TableEndpoint=https://<account>.table.core.windows.net';
    return undefined;
  }
  if (p.has('sharedaccesssignature') || p.has('tableendpoint')) {
    const endpoint = p.get('tableendpoint');
    if (!endpoint) return 'a SAS connection string needs TableEndpoint=https://<account>.table.core.windows.net';
    if (!p.get('sharedaccesssignature')) return 'SharedAccessSignature is missing or empty';
    return urlShapeProblem(endpoint, 'TableEndpoint', { allowHttp: true });
  }
  if (p.has('accountkey')) return 'an account key string also needs DefaultEndpointsProtocol=https';
  return `not a storage connection string (expected ${CONNECTION_STRING_FORMS})`;
}

/** The table endpoint's shape: the SDK takes the account name from `<account>.table.<suffix>` or from the first path segment. */
function urlShapeProblem(raw: string, what: string, options: { allowHttp: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${what} is not a URL (expected https://<account>.table.core.windows.net)`;
  }
  if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) {
    return `${what} must use https (got ${url.protocol.replace(':', '')})`;
  }
  const hostParts = url.hostname.split('.');
  if (hostParts[1] === 'table') return undefined;
  if (/^(blob|queue|file|dfs|web)$/.test(hostParts[1] ?? '')) {
    return `${what} is the ${hostParts[1]} endpoint; use the table endpoint https://${hostParts[0]}.table.${hostParts.slice(2).join('.')}`;
  }
  // Emulator style (Azurite): http(s)://127.0.0.1:10002/<account>
  if (!url.pathname.split('/')[1]) return `${what} must name the account: https://<account>.table.core.windows.net, or for Azurite https://127.0.0.1:<port>/<account>`;
  return undefined;
}

/** AZURE_STORAGE_TABLE_URL / AZURE_STORAGE_ACCOUNT_URL: keyless access with Microsoft Entra ID. */
export function tableUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL (expected https://<account>.table.core.windows.net)';
  }
  // The SDK sends a bearer token only over TLS; a SAS in the URL would make this variable a secret.
  if (url.protocol !== 'https:') return `must use https: Microsoft Entra tokens are only sent over TLS (got ${url.protocol.replace(':', '')})`;
  if (url.search || url.username || url.password) {
    return 'must be the plain endpoint, without a SAS or credentials; to use a SAS, set AZURE_STORAGE_CONNECTION_STRING="TableEndpoint=<url>;SharedAccessSignature=<sas>" instead';
  }
  return urlShapeProblem(raw, 'the URL', { allowHttp: false })?.replace(/^the URL /, '');
}

/** The rule, said the same way in the error and in .env.example. */
export const SECRET_RULE =
  'at least 32 characters, at least 8 different characters, not a repeated pattern, and about 96 bits or more by the estimate ' +
  'length × log2(number of different characters); make one with: openssl rand -hex 32';

/** Estimated strength in bits: the shortest repeating unit × log2(distinct characters). Generous to random text, harsh to patterns. */
export function estimatedBits(secret: string): number {
  const chars = [...secret];
  const distinct = new Set(chars).size;
  if (distinct < 2) return 0;
  return periodOf(chars) * Math.log2(distinct);
}

/** The length of the shortest p with s[i] = s[i − p] for every i ≥ p (the whole length when nothing repeats). */
function periodOf(chars: string[]): number {
  // Prefix function (KMP): the period is n − the longest proper border.
  const n = chars.length;
  const border = new Array<number>(n).fill(0);
  for (let i = 1, k = 0; i < n; i++) {
    while (k > 0 && chars[i] !== chars[k]) k = border[k - 1]!;
    if (chars[i] === chars[k]) k++;
    border[i] = k;
  }
  return n - (n > 0 ? border[n - 1]! : 0);
}

/** REPORT_SECRET: it signs report links, so it must not be guessable. */
export function secretProblem(secret: string): string | undefined {
  const chars = [...secret];
  const distinct = new Set(chars).size;
  const period = periodOf(chars);
  const bits = estimatedBits(secret);
  const weak =
    chars.length < 32
      ? `${chars.length} characters`
      : distinct < 8
        ? `only ${distinct} different characters`
        : period * 2 <= chars.length
          ? `a pattern of ${period} characters repeated`
          : bits < 96
            ? `about ${Math.floor(bits)} bits`
            : undefined;
  return weak === undefined ? undefined : `too weak (${weak}): it must be random: ${SECRET_RULE}`;
}

/** APPLICATIONINSIGHTS_CONNECTION_STRING: as the Application Insights resource shows it. */
export function appInsightsProblem(s: string): string | undefined {
  const p = parts(s);
  const ikey = p?.get('instrumentationkey') ?? '';
  if (!p || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ikey)) {
    return 'expected the connection string of the Application Insights resource: "InstrumentationKey=<GUID>;IngestionEndpoint=https://…" (Overview → Connection String)';
  }
  const ingestion = p.get('ingestionendpoint');
  if (ingestion !== undefined && !/^https?:\/\/[^\s/]+/i.test(ingestion)) return 'IngestionEndpoint must be an https URL';
  return undefined;
}

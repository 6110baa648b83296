// Opening storage at start, with a deadline and an answer an operator can act on: a refused or
// missing token, a missing role, a wrong URL or a storage account that does not answer stops the
// process with one clear sentence instead of a stack trace or a hang.
import { openStorage, type Storage } from './open';
import type { StorageTarget } from './tables';

export class StorageStartError extends Error {
  override name = 'StorageStartError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const firstLine = (s: string): string => s.split('\n')[0]!.trim();

/** Code, message and detail of a storage error body: XML (<Code>, <Message>, <AuthenticationErrorDetail>) or JSON (odata.error). */
function serviceError(message: string, code: string | undefined): string {
  const tag = (name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(message)?.[1]?.split('\n')[0]?.trim();
  const xmlCode = tag('Code');
  if (xmlCode) return [xmlCode, tag('AuthenticationErrorDetail') ?? tag('Message')].filter(Boolean).join(': ');
  return [code, firstLine(message)].filter(Boolean).join(': ');
}

function describeTarget(target: StorageTarget): { where: string; keyless: boolean } {
  if (typeof target === 'string') {
    const endpoint = /TableEndpoint=([^;]+)/i.exec(target)?.[1] ?? /AccountName=([^;]+)/i.exec(target)?.[1] ?? 'the configured account';
    return { where: `Table Storage (${endpoint}, from AZURE_STORAGE_CONNECTION_STRING)`, keyless: false };
  }
  return { where: `Table Storage at ${target.url} (AZURE_STORAGE_TABLE_URL)`, keyless: true };
}

/** DefaultAzureCredential tries several credentials: say what the managed identity (else the first) answered. */
function credentialReason(e: unknown): string {
  const errors = (e as { errors?: unknown[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const messages = errors.map((x) => firstLine((x as Error)?.message ?? String(x)));
    return messages.find((m) => /ManagedIdentity/i.test(m)) ?? messages[0]!;
  }
  return firstLine((e as Error)?.message ?? String(e));
}

/** One sentence for a failure to open storage. */
export function explainStorageFailure(e: unknown, target: StorageTarget): string {
  const { where, keyless } = describeTarget(target);
  const err = e as { name?: string; message?: string; statusCode?: number; code?: string; details?: { odataError?: { message?: { value?: string } } } };
  const name = err?.name ?? '';
  const message = err?.message ?? String(e);
  const role = 'the app\'s managed identity has the role "Storage Table Data Contributor" on the storage account (infra/main.bicep assigns it)';
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError' || name === 'AuthenticationError' || /access token|getToken|credential/i.test(message) && err?.statusCode === undefined) {
    return (
      `${where}: no Microsoft Entra token could be had (${credentialReason(e).slice(0, 300)}). ` +
      'In Azure, turn on the web app\'s managed identity (a user-assigned one is picked with AZURE_CLIENT_ID); locally, sign in with `az login`, or use AZURE_STORAGE_CONNECTION_STRING instead.'
    );
  }
  if (err?.statusCode === 401 || err?.statusCode === 403) {
    const detail = serviceError(message, err.code).slice(0, 300);
    return keyless
      ? `${where} refused the token (${err.statusCode} ${detail}). Check that the URL is the account's table endpoint and that ${role}; a new role assignment can take a few minutes to apply.`
      : `${where} refused the request (${err.statusCode} ${detail}). Check the account key or the SAS (its permissions and expiry).`;
  }
  if (err?.code === 'ENOTFOUND' || err?.code === 'ECONNREFUSED' || err?.code === 'ETIMEDOUT' || err?.code === 'ECONNRESET') {
    return `${where} cannot be reached (${err.code}). Check the account name in the URL and the network rules of the storage account.`;
  }
  return `${where} could not be opened: ${firstLine(message).slice(0, 300)}`;
}

/** openStorage with a deadline and an explained failure (StorageStartError, the cause attached). */
export async function openStorageAtStart(target: StorageTarget, prefix = '', timeoutMs = 45_000): Promise<Storage> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const { where } = describeTarget(target);
      reject(new StorageStartError(`${where} did not answer within ${Math.round(timeoutMs / 1000)} s (the token or the tables). Check the URL, the network rules and the managed identity.`));
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([openStorage(target, prefix), deadline]);
  } catch (e) {
    if (e instanceof StorageStartError) throw e;
    throw new StorageStartError(explainStorageFailure(e, target), { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

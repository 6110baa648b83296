// The credential for keyless Table Storage: DefaultAzureCredential, i.e. the managed identity in
// Azure (App Service sets IDENTITY_ENDPOINT; a user-assigned identity is chosen with AZURE_CLIENT_ID)
// and the developer's own sign-in locally (az login, azd, VS Code). @azure/identity is required
// only here, when AZURE_STORAGE_TABLE_URL is set: connection-string deployments never load it.
import type { TokenCredential } from '@azure/core-auth';

export function defaultCredential(): TokenCredential {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return new DefaultAzureCredential();
}

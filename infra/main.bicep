// Gevinstbot on Azure: App Service (Linux, Node 22 LTS) + Storage account (Table service, no
// keys: the web app's managed identity has "Storage Table Data Contributor") + Key Vault for the
// two secrets (read by the same identity) + Azure Bot (single-tenant) with the Teams channel +
// Application Insights (traces, logs, metrics) on a Log Analytics workspace. See docs/deploy.md.
//
//   az deployment group create -g <resource group> -f infra/main.bicep -p infra/main.parameters.json \
//     -p botAppPassword=<client secret> reportSecret=$(openssl rand -hex 32)
//
// The Entra app registration (single-tenant) is made beforehand (docs/deploy.md, step 1): Bicep
// cannot create app registrations or their secrets.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Parameters

@description('Azure region for everything except the Azure Bot (which is global). Norway East keeps the data in Norway.')
param location string = resourceGroup().location

@description('Short name used in resource names (letters, digits, hyphens).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'gevinstbot'

@description('Application (client) id of the single-tenant Entra app registration of the bot (MicrosoftAppId).')
param botAppId string

@description('Client secret of that app registration (MicrosoftAppPassword). Stored in Key Vault.')
@secure()
param botAppPassword string

@description('Tenant of the app registration (MicrosoftAppTenantId); the municipality\'s Entra tenant.')
param botTenantId string = subscription().tenantId

@description('Tenant ids the bot serves (ALLOWED_TENANTS), comma-separated. Default: the bot\'s own tenant.')
param allowedTenants string = ''

@description('Bootstrap admins (ADMINS): comma-separated AAD object ids or UPNs.')
param admins string

@description('HMAC secret for report links (REPORT_SECRET), at least 32 characters. Stored in Key Vault.')
@secure()
@minLength(32)
param reportSecret string

@description('Public https base URL (PUBLIC_URL). Empty: https://<the web app\'s default host name>. Set it when you use a custom domain.')
param publicUrl string = ''

@description('SCHEDULER: on = the built-in once-a-minute ticker. With several instances (instanceCount) the due work is split into 32 tenant shards, each leased in Table Storage by one instance and rebalanced as instances come and go; a dead instance\'s shards are taken over when its leases expire (leaseTtlSeconds). off = an external scheduler runs `gevinstbot run-due` every minute.')
@allowed([
  'on'
  'off'
])
param scheduler string = 'on'

@description('TEAMS_MAX_RPS: proactive messages per second per tenant.')
@minValue(1)
@maxValue(50)
param teamsMaxRps int = 30

@description('LEASE_TTL_SECONDS: how long a shard lease lasts unless renewed (every quarter of it); a dead instance\'s shards are taken over after it.')
@minValue(3)
@maxValue(600)
param leaseTtlSeconds int = 60

@description('REPORT_TTL_HOURS: how long a report link works.')
@minValue(1)
@maxValue(720)
param reportTtlHours int = 24

@description('LOG_LEVEL')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('App Service plan SKU (Linux). B1 is enough for a municipality; P0v3/P1v3 for zone redundancy and more instances.')
param appServiceSku string = 'B1'

@description('Node.js LTS line of the web app. Gevinstbot runs on 22 and 24 (restify 12 needs 22+). 24 is the default: the active LTS line, maintained until April 2028, while 22 ends in April 2027. Use 22-lts where `az webapp list-runtimes --os-type linux` does not list NODE:24-lts.')
@allowed([
  '24-lts'
  '22-lts'
])
param nodeVersion string = '24-lts'

@description('Number of web app instances. Web traffic (answers, commands, reports) scales out freely. Scheduled sends are shared: each instance sends for the tenant shards it holds, and each tenant\'s rate (TEAMS_MAX_RPS) holds for the whole deployment.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Storage redundancy. ZRS keeps the tables across zones; GZRS/RAGZRS adds a copy in the paired region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Azure Bot pricing tier. F0 is free with a message quota on premium channels; Teams is a standard channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Display name of the Azure Bot resource.')
param botDisplayName string = 'Gevinstbot'

@description('Key Vault purge protection (recommended in production; a purged-protected vault name cannot be reused for 90 days).')
param keyVaultPurgeProtection bool = true

@description('Application Insights for traces, logs and metrics (APPLICATIONINSIGHTS_CONNECTION_STRING). Off: only the console log reaches Log Analytics.')
param enableAppInsights bool = true

@description('Days to keep logs in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Tags put on every resource.')
param tags object = {
  application: 'gevinstbot'
}

// ---------------------------------------------------------------------------------------------
// Names

var suffix = uniqueString(resourceGroup().id, namePrefix)
var cleanPrefix = toLower(replace(namePrefix, '-', ''))
var storageName = take('${cleanPrefix}${suffix}', 24)
var keyVaultName = take('${cleanPrefix}kv${suffix}', 24)
var planName = '${namePrefix}-plan-${suffix}'
var webAppName = '${namePrefix}-${suffix}'
var botName = '${namePrefix}-bot-${suffix}'
var workspaceName = '${namePrefix}-logs-${suffix}'
var appInsightsName = '${namePrefix}-ai-${suffix}'

// src/storage/tables.ts TABLE_NAMES. The bot creates missing tables itself at start; declaring them
// here makes them visible to backups and access reviews from day one.
var tableNames = [
  'plans'
  'benefits'
  'measurements'
  'records'
  'ledger'
  'due'
  'conversations'
  'people'
  'audit'
  'leases'
]

// Built-in role: Key Vault Secrets User (read secret values).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
// Built-in role: Storage Table Data Contributor (read, write, delete tables and entities).
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// ---------------------------------------------------------------------------------------------
// Logs

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

// Application Insights (workspace-based): the bot's spans, pino log lines and metrics.
resource appInsights 'Microsoft.Insights/components@2020-02-02' = if (enableAppInsights) {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: logRetentionDays
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: the Table service holds everything the bot knows.

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  sku: {
    name: storageSku
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // No keys: the bot reaches the tables with its managed identity (AZURE_STORAGE_TABLE_URL);
    // account keys and SAS tokens signed with them are refused by the account.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {}
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for name in tableNames: {
    parent: tableService
    name: name
    properties: {}
  }
]

// ---------------------------------------------------------------------------------------------
// Key Vault: the two secrets, read by the web app through Key Vault references.

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource secretAppPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'MicrosoftAppPassword'
  properties: {
    value: botAppPassword
    contentType: 'Entra app registration client secret'
  }
}

resource secretReport 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'REPORT-SECRET'
  properties: {
    value: reportSecret
    contentType: 'HMAC key for report links'
  }
}

// ---------------------------------------------------------------------------------------------
// App Service (Linux, Node 22 LTS)

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'NODE|${nodeVersion}'
      // The built app (dist/, node_modules/ without dev dependencies) is deployed as a zip; see
      // docs/deploy.md. `npm start` would rebuild with TypeScript, a dev dependency. The node
      // options are npm start's: a young generation of 8 MB, not V8's 16 (~15 MB less resident
      // memory), and an old generation of at most 512 MB, ten times what the bot keeps live: V8
      // lets the heap grow to about 1.4 times its live size between collections instead of up to 4
      // times on a machine with a lot of memory, and on Node 22/24 the pages freed after a burst of
      // prompts stay resident (docs/benchmarks.md, Footprint on Node 22 and 24).
      appCommandLine: 'node --max-semi-space-size=8 --max-old-space-size=512 dist/src/index.js'
      // The ticker must keep running between requests.
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// The web app may read the secrets (and nothing else in the vault).
resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, webApp.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The web app may read and write the tables (and nothing else in the account): keyless storage.
resource tableAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, webApp.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Deployments sign in with Microsoft Entra ID (az webapp deploy); no FTP or SCM passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

var effectivePublicUrl = empty(publicUrl) ? 'https://${webApp.properties.defaultHostName}' : publicUrl

// Every variable of .env.example. Secrets are Key Vault references (resolved by App Service with
// the web app's managed identity; a rotated secret is picked up within 24 hours or at restart).
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    // HTTP server: App Service forwards to PORT inside the container; listen on all interfaces there.
    PORT: '8080'
    WEBSITES_PORT: '8080'
    HOST: '0.0.0.0'
    // Azure Bot registration
    MicrosoftAppId: botAppId
    MicrosoftAppPassword: '@Microsoft.KeyVault(SecretUri=${secretAppPassword.properties.secretUri})'
    MicrosoftAppType: 'SingleTenant'
    MicrosoftAppTenantId: botTenantId
    // Table Storage, keyless: the table endpoint, reached with the web app's managed identity
    // (DefaultAzureCredential). AZURE_STORAGE_CONNECTION_STRING stays unset.
    AZURE_STORAGE_TABLE_URL: storage.properties.primaryEndpoints.table
    // Unused while a storage URL is set (embedded storage only).
    DATA_DIR: '/home/gevinstbot-data'
    // Telemetry: not a secret (it names where to send, not who may read).
    APPLICATIONINSIGHTS_CONNECTION_STRING: enableAppInsights ? appInsights.properties.ConnectionString : ''
    ADMINS: admins
    ALLOWED_TENANTS: empty(allowedTenants) ? botTenantId : allowedTenants
    SCHEDULER: scheduler
    TEAMS_MAX_RPS: string(teamsMaxRps)
    LEASE_TTL_SECONDS: string(leaseTtlSeconds)
    PUBLIC_URL: effectivePublicUrl
    REPORT_SECRET: '@Microsoft.KeyVault(SecretUri=${secretReport.properties.secretUri})'
    REPORT_TTL_HOURS: string(reportTtlHours)
    LOG_LEVEL: logLevel
    // The zip carries the built app; no build on the server.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  }
  dependsOn: [
    vaultAccess
    tableAccess
  ]
}

// stdout (pino JSON lines), HTTP and platform logs to Log Analytics.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// Azure Bot (single-tenant) with the Microsoft Teams channel

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: '${effectivePublicUrl}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (no secrets)

output webAppName string = webApp.name
output publicUrl string = effectivePublicUrl
output messagingEndpoint string = '${effectivePublicUrl}/api/messages'
output healthCheckUrl string = '${effectivePublicUrl}/healthz'
output botName string = bot.name
output storageAccountName string = storage.name
output keyVaultName string = vault.name
output appInsightsName string = enableAppInsights ? appInsights.name : ''
output logAnalyticsWorkspaceId string = workspace.id
output appPackageCommand string = 'MicrosoftAppId=${botAppId} PUBLIC_URL=${effectivePublicUrl} npm run package'

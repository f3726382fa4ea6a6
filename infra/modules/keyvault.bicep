// The Key Vault that holds the X client credentials and one token bundle per account.
// Access is Azure RBAC only (no access policies); soft delete and purge protection are on,
// so a deleted token chain can be recovered and never purged early.
//
// Secrets the app expects. Bicep never writes them: an admin sets the client credentials
// (az keyvault secret set), `rotation x authorize` (the admin CLI) writes the first token
// bundle, and the token rotator writes every later version.
//   x-client-id           X OAuth 2.0 client id (set once by an admin).
//   x-client-secret       X OAuth 2.0 client secret; only for confidential clients, omit for public (PKCE-only) clients.
//   portal-key            The portal's HMAC key for curator links (StorageNames.PortalKeySecret); the app
//                         creates it on first use.
//   smtp-password         The mail relay's password, when the relay needs one (Notices__Smtp__Password is a
//                         Key Vault reference to it).
//   teams-workflow-url    Reserved for the admins' Teams Workflows webhook (the URL is a credential).
//   x-tokens-{accountId}  Token bundle JSON {access, refresh, expires_at, scope}, content type
//                         application/json, one new version per rotation; accountId is the
//                         Accounts table RowKey.

@description('Required. Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the Key Vault.')
param location string

@description('Optional. Days a deleted vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Required. Resource id of the Log Analytics workspace that receives the vault\'s audit log.')
param logAnalyticsWorkspaceId string

@description('Optional. True: no public network access except from adminIpRanges; the app reaches the vault through a private endpoint (network.bicep).')
param networkIsolation bool = false

@description('Optional. With networkIsolation, the public addresses (CIDR or single IPv4) admins use for `az keyvault` and `rotation x authorize`.')
param adminIpRanges string[] = []

@description('Optional. Tags applied to the Key Vault.')
param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // Without isolation Flex Consumption has no fixed outbound address to allow, so the vault stays
    // open to the internet and relies on RBAC alone; isolation closes it but for the admins' ranges.
    publicNetworkAccess: networkIsolation && empty(adminIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
      ipRules: [for range in (networkIsolation ? adminIpRanges : []): {
        value: range
      }]
    }
  }
}

resource auditLog 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

@description('The resource id of the Key Vault.')
output resourceId string = vault.id

@description('The name of the Key Vault.')
output name string = vault.name

@description('The vault URI, e.g. https://NAME.vault.azure.net/ (KeyVault__VaultUri).')
output vaultUri string = vault.properties.vaultUri

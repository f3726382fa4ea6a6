// Every role assignment of the deployment, and nothing broader than a data-plane role on one
// resource: no Owner, no Contributor, nothing at resource-group or subscription scope.
// Each assignment is named guid(scope.id, principalId, roleId), so a re-deployment finds
// the same assignment instead of failing with RoleAssignmentExists.

@description('Required. Name of the app\'s storage account (scope of the storage roles).')
param storageAccountName string

@description('Required. Name of the Key Vault (scope of the secrets role).')
param keyVaultName string

@description('Required. Principal (object) id of the Function App\'s user-assigned identity.')
param appPrincipalId string

@description('Optional. Object id of the Entra ID group of admins who edit the schedule and authorize X accounts. Empty: no admin assignments.')
param adminGroupObjectId string = ''

@description('Optional. Blob container of the token rotation leases (StorageNames.LeaseContainer); `rotation x authorize` takes the account\'s lease there.')
@minLength(3)
@maxLength(63)
param leaseContainerName string = 'token-leases'

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource leaseContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = {
  parent: blobService
  name: leaseContainerName
}

// ---- The Function App's identity ----

// Storage Blob Data Owner (b7e6dc6d-f1e8-4753-8033-0f276bb0955b). Microsoft documents this
// role for an identity-based AzureWebJobsStorage connection (the host keeps its locks,
// timer schedule status and keys as blobs, and creates its containers) and Flex Consumption
// reads the deployment package with it. Storage Blob Data Contributor may be enough for
// this app's triggers (timer + queue, no blob trigger), but the host's documented
// requirement is Owner; it is still a data-plane role on this one account only.
resource appBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, appPrincipalId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: host storage, Flex deployment package, token rotation leases.'
  }
}

// Storage Queue Data Contributor (974c5e8b-45b9-4653-ba55-5f855dd0fb88): the planner
// enqueues handovers, the trigger reads and deletes them, the host moves poison messages.
resource appQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, appPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: handovers queue and its poison queue.'
  }
}

// Storage Table Data Contributor (0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3): reads Accounts and
// Schedule, writes Handovers.
resource appTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, appPrincipalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: Accounts, Schedule and Handovers tables.'
  }
}

// Key Vault Secrets Officer (b86a8fe4-44ce-4948-aee5-eccb2c155cd7): the token rotator writes
// new versions of x-tokens-{accountId} with secrets/setSecret/action, twice per refresh: the
// write-ahead (the current bundle again, marked in flight) before X spends the refresh token,
// then the new bundle; Secrets User would only let it read.
resource appSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: read the X client credentials, write rotated token bundles.'
  }
}

// ---- The optional admin group ----

// Storage Table Data Contributor (0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3): admins edit the
// Accounts and Schedule tables (Storage Explorer, portal, `rotation schedule import`).
resource adminTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminGroupObjectId)) {
  name: guid(storageAccount.id, adminGroupObjectId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: adminGroupObjectId
    principalType: 'Group'
    description: 'Admins: edit the curator schedule.'
  }
}

// Key Vault Secrets Officer (b86a8fe4-44ce-4948-aee5-eccb2c155cd7): admins set x-client-id /
// x-client-secret once and run `rotation x authorize`, which writes the first token bundle.
resource adminSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminGroupObjectId)) {
  name: guid(vault.id, adminGroupObjectId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
    principalId: adminGroupObjectId
    principalType: 'Group'
    description: 'Admins: set the X client credentials, authorize X accounts (token bundles).'
  }
}

// Storage Blob Data Contributor (ba92f5b4-2d11-453d-a403-e96b0029c9fe) on the lease container
// only: `rotation x authorize` takes the account's rotation lease (a blob lease is a blob write)
// so that no rotation reads or spends the tokens it replaces.
resource adminLeaseContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminGroupObjectId)) {
  name: guid(leaseContainer.id, adminGroupObjectId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: leaseContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: adminGroupObjectId
    principalType: 'Group'
    description: 'Admins: take the token rotation lease while authorizing an X account.'
  }
}

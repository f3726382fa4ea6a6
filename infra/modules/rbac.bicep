// Every role assignment of the deployment, each on the narrowest resource that works: one table,
// one queue, one container, the vault, the Application Insights component, the e-mail service.
// Nothing at resource-group or subscription scope; no Owner, Contributor or access administrator.
// Each assignment is named guid(scope.id, principalId, roleId), so a re-deployment finds the same
// assignment instead of failing with RoleAssignmentExists. Two roles are custom (created once by
// scripts/setup-azure-devops.sh, run by an Owner), because no built-in role is narrow enough.

@description('Required. Name of the app\'s storage account (its tables, queues and containers are the scopes).')
param storageAccountName string

@description('Required. Name of the Key Vault (scope of the secrets role).')
param keyVaultName string

@description('Required. Name of the Application Insights component the app ingests into with Entra ID.')
param applicationInsightsName string

@description('Required. Principal (object) id of the Function App\'s user-assigned identity.')
param appPrincipalId string

@description('Required. GUID of the custom role "Rotation Key Vault Secrets Reader-Writer" (secrets get, set, read metadata; scripts/setup-azure-devops.sh creates it).')
@minLength(36)
@maxLength(36)
param keyVaultRoleId string

@description('Optional. Object id of the Entra ID group of admins who edit the schedule and authorize X accounts. Empty: no admin assignments.')
param adminGroupObjectId string = ''

@description('Optional. Name of the Azure Communication Services resource notices are sent through. Empty: no e-mail role.')
param communicationServiceName string = ''

@description('Optional. GUID of the custom role "Rotation Email Sender" (scripts/setup-azure-devops.sh creates it). Empty: no e-mail role.')
param emailSenderRoleId string = ''

@description('Optional. Blob container of the token rotation leases (StorageNames.LeaseContainer); `rotation x authorize` takes the account\'s lease there.')
@minLength(3)
@maxLength(63)
param leaseContainerName string = 'token-leases'

// Built-in role definition GUIDs.
var roles = {
  // Storage Blob Data Owner
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Storage Blob Data Contributor
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  // Storage Table Data Contributor
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Storage Table Data Reader
  tableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  // Storage Queue Data Reader
  queueDataReader: '19e7f393-937e-4f77-808e-94535e297925'
  // Storage Queue Data Message Processor
  queueDataMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed'
  // Storage Queue Data Message Sender
  queueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  // Monitoring Metrics Publisher
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

type tableAssignment = {
  @description('The table (a StorageNames constant).')
  table: string
  @description('app or admin.')
  principal: 'app' | 'admin'
  @description('Role definition GUID.')
  roleId: string
  @description('Why this principal needs this role on this table.')
  why: string
}

type queueAssignment = {
  @description('The queue (a StorageNames constant).')
  queue: string
  @description('Role definition GUID.')
  roleId: string
  @description('Why the app needs this role on this queue.')
  why: string
}

// The app writes every table: Handovers, Notices, Posts and PortalLimits are its own state; it merges
// token state into Accounts, acceptance into Schedule, and link generations into PortalLinks.
// Admins edit Accounts, Schedule and PortalLinks (revoke, re-issue), write the takedown audit into Posts
// (`rotation post delete`), and only read the rest.
var tableAssignments tableAssignment[] = [
  { table: 'Accounts', principal: 'app', roleId: roles.tableDataContributor, why: 'Reads accounts; records token state and the chain.' }
  { table: 'Schedule', principal: 'app', roleId: roles.tableDataContributor, why: 'Reads slots; the portal records acceptance.' }
  { table: 'Handovers', principal: 'app', roleId: roles.tableDataContributor, why: 'The handover state machine.' }
  { table: 'Notices', principal: 'app', roleId: roles.tableDataContributor, why: 'The notice state machine.' }
  { table: 'PortalLinks', principal: 'app', roleId: roles.tableDataContributor, why: 'Link generations the portal issues.' }
  { table: 'Posts', principal: 'app', roleId: roles.tableDataContributor, why: 'Portal posts, claimed before posting.' }
  { table: 'PortalLimits', principal: 'app', roleId: roles.tableDataContributor, why: 'Failed lookups per client.' }
  { table: 'Accounts', principal: 'admin', roleId: roles.tableDataContributor, why: 'Admins edit accounts.' }
  { table: 'Schedule', principal: 'admin', roleId: roles.tableDataContributor, why: 'Admins edit the schedule.' }
  { table: 'PortalLinks', principal: 'admin', roleId: roles.tableDataContributor, why: 'Admins revoke and re-issue links.' }
  { table: 'Posts', principal: 'admin', roleId: roles.tableDataContributor, why: 'rotation post delete records the takedown.' }
  { table: 'Handovers', principal: 'admin', roleId: roles.tableDataReader, why: 'Admins read what happened.' }
  { table: 'Notices', principal: 'admin', roleId: roles.tableDataReader, why: 'rotation notices list.' }
  { table: 'PortalLimits', principal: 'admin', roleId: roles.tableDataReader, why: 'Admins see who was limited.' }
]

// The queue triggers (the host, with the same identity) read and delete (Reader + Message Processor);
// the planner and the wait-for-X path enqueue (Sender). The host moves a message that failed
// maxDequeueCount times, and the app parks a malformed one, into the poison queue: Sender there.
var queueAssignments queueAssignment[] = [
  { queue: 'handovers', roleId: roles.queueDataReader, why: 'Trigger: queue length and peek.' }
  { queue: 'handovers', roleId: roles.queueDataMessageProcessor, why: 'Trigger: receive and delete.' }
  { queue: 'handovers', roleId: roles.queueDataMessageSender, why: 'Planner enqueues handovers.' }
  { queue: 'handovers-poison', roleId: roles.queueDataMessageSender, why: 'Host and app move failed or malformed messages.' }
  { queue: 'notices', roleId: roles.queueDataReader, why: 'Trigger: queue length and peek.' }
  { queue: 'notices', roleId: roles.queueDataMessageProcessor, why: 'Trigger: receive and delete.' }
  { queue: 'notices', roleId: roles.queueDataMessageSender, why: 'Planner enqueues notices.' }
  { queue: 'notices-poison', roleId: roles.queueDataMessageSender, why: 'Host and app move failed or malformed messages.' }
]

var hasAdmins = !empty(adminGroupObjectId)
var hasEmail = !empty(communicationServiceName) && !empty(emailSenderRoleId)
var activeTableAssignments = filter(tableAssignments, a => a.principal == 'app' || hasAdmins)

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = if (hasEmail) {
  name: communicationServiceName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource leaseContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = {
  parent: blobService
  name: leaseContainerName
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' existing = [
  for a in activeTableAssignments: {
    parent: tableService
    name: a.table
  }
]

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' existing = [
  for a in queueAssignments: {
    parent: queueService
    name: a.queue
  }
]

// ---- The Function App's identity ----

// Storage Blob Data Owner on the account: Microsoft documents it for an identity-based
// AzureWebJobsStorage (the host creates and owns its azure-webjobs-* containers, keys and locks), and
// Flex Consumption reads the deployment package with it. It also covers the app's own containers
// (token-leases, portal-keys, staged-images), so no container-level role is added for the app.
resource appBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, appPrincipalId, roles.blobDataOwner)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: host storage, Flex deployment package, leases, portal key ring, staged images.'
  }
}

resource tableRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (a, i) in activeTableAssignments: {
    name: guid(tables[i].id, a.principal == 'app' ? appPrincipalId : adminGroupObjectId, a.roleId)
    scope: tables[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.roleId)
      principalId: a.principal == 'app' ? appPrincipalId : adminGroupObjectId
      principalType: a.principal == 'app' ? 'ServicePrincipal' : 'Group'
      description: '${a.principal}: ${a.why}'
    }
  }
]

resource queueRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (a, i) in queueAssignments: {
    name: guid(queues[i].id, appPrincipalId, a.roleId)
    scope: queues[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      description: 'Function App: ${a.why}'
    }
  }
]

// The custom role: secrets get, set and read metadata. The rotator writes a write-ahead version and
// then the new bundle (setSecret), reads bundles and client credentials (getSecret); the portal reads
// its HMAC key and creates it once (getSecret, setSecret). No delete, purge, backup or restore.
resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, keyVaultRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: read the X client credentials and the portal key, write rotated token bundles.'
  }
}

// Monitoring Metrics Publisher on the component: with local auth off, the host and the worker ingest
// telemetry only with an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: send telemetry with Entra ID (local auth is off).'
  }
}

// The custom e-mail role (CommunicationServices read/write, EmailServices write: what Azure
// Communication Services checks before it accepts a mail from an Entra identity).
resource appEmailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (hasEmail) {
  name: guid(communicationService.id, appPrincipalId, emailSenderRoleId)
  scope: communicationService
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', emailSenderRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function App: send notices through Azure Communication Services Email.'
  }
}

// ---- The optional admin group ----

// The same custom secrets role: admins set x-client-id / x-client-secret once and `rotation x
// authorize` writes the first token bundle; `rotation post delete` reads the account's tokens.
resource adminSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (hasAdmins) {
  name: guid(vault.id, adminGroupObjectId, keyVaultRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultRoleId)
    principalId: adminGroupObjectId
    principalType: 'Group'
    description: 'Admins: set the X client credentials, authorize X accounts (token bundles).'
  }
}

// Storage Blob Data Contributor on the lease container only: `rotation x authorize` takes the
// account's rotation lease (a blob lease is a blob write) so no rotation spends the tokens it replaces.
resource adminLeaseContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (hasAdmins) {
  name: guid(leaseContainer.id, adminGroupObjectId, roles.blobDataContributor)
  scope: leaseContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: adminGroupObjectId
    principalType: 'Group'
    description: 'Admins: take the token rotation lease while authorizing an X account.'
  }
}

@description('Every role definition GUID the deployment assigns (scripts/setup-azure-devops.sh limits the deployer\'s RBAC Administrator to these).')
output assignedRoleIds string[] = union(
  map(tableAssignments, a => a.roleId),
  map(queueAssignments, a => a.roleId),
  [roles.blobDataOwner, roles.blobDataContributor, roles.monitoringMetricsPublisher, keyVaultRoleId],
  hasEmail ? [emailSenderRoleId] : []
)

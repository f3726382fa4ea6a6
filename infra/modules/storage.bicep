// The app's storage account: the Functions host's own storage (AzureWebJobsStorage), the
// Flex Consumption deployment container, and the app's data. Entra ID only: shared key
// access is off, so no connection string with a key can exist. The table, queue and
// container names are the constants in functions/RotationFunctions.Core/Schedule/StorageNames.cs
// (an infra test checks they match).

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the storage account.')
param location string

@description('Optional. Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Required. Name of the blob container Flex Consumption deploys the app package to.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

@description('Optional. Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int = 7

@description('Optional. True: no public network access except from adminIpRanges; the app reaches storage through private endpoints (network.bicep).')
param networkIsolation bool = false

@description('Optional. With networkIsolation, the public addresses (CIDR or single IPv4) that keep Storage Explorer and the CLI working.')
param adminIpRanges string[] = []

@description('Optional. Tags applied to the storage account.')
param tags object = {}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Isolated and no admin range: nothing public at all. With ranges, public access stays on but
    // the firewall denies every other address.
    publicNetworkAccess: networkIsolation && empty(adminIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: networkIsolation ? 'Deny' : 'Allow'
      ipRules: [for range in (networkIsolation ? adminIpRanges : []): {
        value: range
        action: 'Allow'
      }]
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storageAccount
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// StorageNames.LeaseContainer: one blob per account, leased by the token rotator (single flight).
resource leaseContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: 'token-leases'
  properties: {
    publicAccess: 'None'
  }
}

// StorageNames.PortalKeyContainer: the curator portal's data protection key ring (session and antiforgery cookies), shared by all instances.
resource portalKeyContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: 'portal-keys'
  properties: {
    publicAccess: 'None'
  }
}

// StorageNames.PortalStagingContainer: portal images a curator attached, staged here until the post is
// made, and the mentions last read from X per slot (reads are billed: every instance shares them).
resource stagedImagesContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: 'staged-images'
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storageAccount
  name: 'default'
}

// StorageNames.HandoverQueue: the planner enqueues one message per boundary, visible at the boundary.
resource handoverQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: 'handovers'
}

// StorageNames.HandoverPoisonQueue: where the host moves a message after maxDequeueCount (host.json).
resource handoverPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: 'handovers-poison'
}

// StorageNames.NoticeQueue: one message per notice to a curator or an admin, visible when it is due.
resource noticeQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: 'notices'
}

// StorageNames.NoticePoisonQueue: notices that failed maxDequeueCount times.
resource noticePoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: 'notices-poison'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storageAccount
  name: 'default'
}

// StorageNames.AccountsTable: one row per X account.
resource accountsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'Accounts'
}

// StorageNames.ScheduleTable: the curator slots admins edit.
resource scheduleTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'Schedule'
}

// StorageNames.HandoversTable: the step state machine of each handover.
resource handoversTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'Handovers'
}

// StorageNames.PortalLinksTable: each curator link's generation and revocation (the links themselves are derived).
resource portalLinksTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'PortalLinks'
}

// StorageNames.PostsTable: one row per portal post, claimed before posting; the audit.
resource postsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'Posts'
}

// StorageNames.NoticesTable: one row per notice, its state machine (pending → sending → sent / failed / missed / skipped).
resource noticesTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'Notices'
}

// StorageNames.PortalLimitsTable: failed portal link lookups per hashed client address per hour, for every instance.
resource portalLimitsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: 'PortalLimits'
}

@description('The resource id of the storage account.')
output resourceId string = storageAccount.id

@description('The name of the storage account.')
output name string = storageAccount.name

@description('The blob service endpoint, e.g. https://NAME.blob.core.windows.net/.')
output blobEndpoint string = storageAccount.properties.primaryEndpoints.blob

@description('The queue service endpoint.')
output queueEndpoint string = storageAccount.properties.primaryEndpoints.queue

@description('The table service endpoint.')
output tableEndpoint string = storageAccount.properties.primaryEndpoints.table

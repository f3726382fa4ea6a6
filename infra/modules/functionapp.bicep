// The Function App on the Flex Consumption plan (.NET isolated worker, .NET 10), running as
// the user-assigned identity. Every app setting is a name, a URI or a schedule: nothing in
// here is a secret. Storage is reached with the identity (AzureWebJobsStorage__credential =
// managedidentity), Key Vault by its URI, Application Insights by its connection string
// (an ingestion address, not a credential). Flex Consumption sets the worker runtime from
// functionAppConfig.runtime; FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION must
// not be app settings there.

@description('Required. Name of the Function App (becomes NAME.azurewebsites.net).')
@minLength(2)
@maxLength(60)
param name string

@description('Required. Name of the Flex Consumption plan.')
@minLength(1)
@maxLength(60)
param planName string

@description('Required. Azure region of the plan and the app (a region that offers Flex Consumption).')
param location string

@description('Required. Resource id of the user-assigned managed identity the app runs as.')
param identityResourceId string

@description('Required. Client id of that identity (AZURE_CLIENT_ID, AzureWebJobsStorage__clientId).')
param identityClientId string

@description('Required. Blob service endpoint of the app\'s storage account.')
param blobEndpoint string

@description('Required. Queue service endpoint of the app\'s storage account.')
param queueEndpoint string

@description('Required. Table service endpoint of the app\'s storage account.')
param tableEndpoint string

@description('Required. Name of the blob container Flex Consumption deploys the package to.')
param deploymentContainerName string

@description('Required. URI of the Key Vault with the X credentials and token bundles.')
param keyVaultUri string

@description('Required. Name of the Application Insights component in this resource group.')
param applicationInsightsName string

@description('Optional. Most instances Flex Consumption may scale the app out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Tags applied to the plan and the app.')
param tags object = {}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        // Functions host storage, identity-based (AppSettingNames.WebJobsStorage).
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableEndpoint
        }
        // The app's own storage clients (AppSettingNames.Storage*ServiceUri).
        {
          name: 'Storage__BlobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'Storage__QueueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'Storage__TableServiceUri'
          value: tableEndpoint
        }
        // DefaultAzureCredential / ManagedIdentityCredential pick the user-assigned identity by this.
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'KeyVault__VaultUri'
          value: keyVaultUri
        }
        {
          name: 'X__BaseUrl'
          value: 'https://api.x.com'
        }
        // NCrontab, 6 fields (seconds first); the timers read them as %PlanSchedule% / %RotateTokensSchedule%.
        {
          name: 'PlanSchedule'
          value: '0 */5 * * * *'
        }
        {
          name: 'RotateTokensSchedule'
          value: '0 */15 * * * *'
        }
        // StorageNames.HandoverQueue; the queue trigger reads it as %HandoverQueueName%.
        {
          name: 'HandoverQueueName'
          value: 'handovers'
        }
        // StorageNames.NoticeQueue; the SendNotice trigger reads it as %NoticeQueueName%.
        {
          name: 'NoticeQueueName'
          value: 'notices'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Basic (user name + password) publishing is off for both FTP and the SCM site: deployments
// sign in with Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('The resource id of the Function App.')
output resourceId string = functionApp.id

@description('The name of the Function App.')
output name string = functionApp.name

@description('The default host name of the Function App.')
output defaultHostName string = functionApp.properties.defaultHostName

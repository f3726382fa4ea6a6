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

@description('Optional. Resource id of the subnet (delegated to Microsoft.App/environments) the app integrates into. Empty: no VNet integration.')
param subnetId string = ''

@description('Optional. Where curators reach the portal (Portal__PublicBaseUrl, used in mail links). Empty: https://NAME.azurewebsites.net.')
param portalPublicBaseUrl string = ''

@description('Optional. How notices leave: None or Smtp (Notices__Sender).')
@allowed([
  'None'
  'Smtp'
])
param noticeSender string = 'None'

@description('Optional. The From address of notices (Notices__From). Required by the app when noticeSender is not None.')
param noticeFrom string = ''

@description('Optional. The mail relay (Notices__Smtp__Host), e.g. smtp.office365.com or smtp.azurecomm.net.')
param smtpHost string = ''

@description('Optional. The relay\'s port (Notices__Smtp__Port).')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('Optional. The relay\'s user name (Notices__Smtp__Username). Not a secret; the password is the vault\'s smtp-password secret.')
param smtpUsername string = ''

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

var vaultName = split(replace(keyVaultUri, 'https://', ''), '.')[0]

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
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      // The portal is server-rendered on its own origin: no other site's script may call it.
      cors: {
        allowedOrigins: []
        supportCredentials: false
      }
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
        // Local auth is off on the component: host and worker ingest with the identity's Entra token.
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        {
          name: 'Portal__PublicBaseUrl'
          value: empty(portalPublicBaseUrl) ? 'https://${name}.azurewebsites.net' : portalPublicBaseUrl
        }
        // StorageNames.PortalKeySecret: the portal's HMAC key in the vault.
        {
          name: 'Names__PortalKeySecret'
          value: 'portal-key'
        }
        // Notices (NoticeOptions). Empty values bind as empty: the app validates them only when a sender is set.
        {
          name: 'Notices__Sender'
          value: noticeSender
        }
        {
          name: 'Notices__From'
          value: noticeFrom
        }
        {
          name: 'Notices__Smtp__Host'
          value: smtpHost
        }
        {
          name: 'Notices__Smtp__Port'
          value: string(smtpPort)
        }
        {
          name: 'Notices__Smtp__Username'
          value: smtpUsername
        }
        // A Key Vault reference the platform resolves with keyVaultReferenceIdentity: the password is never
        // part of the deployment, and the app's options validation pairs it with the user name.
        {
          name: 'Notices__Smtp__Password'
          value: empty(smtpUsername) ? '' : '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=smtp-password)'
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

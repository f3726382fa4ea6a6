// RotationFunctions: everything one environment needs, in one resource-group deployment.
//   az deployment group what-if --resource-group RG --parameters infra/dev.bicepparam
// See infra/README.md. Modules are local (registry modules cannot be restored offline).

targetScope = 'resourceGroup'

@description('Required. Environment name: part of resource names and tags.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Optional. Short workload name used in resource names (lowercase letters and digits).')
@minLength(2)
@maxLength(8)
param workloadName string = 'rotation'

@description('Optional. Azure region of every resource; it must offer Flex Consumption. Defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Required. E-mail address that receives the alerts (failed, missed or held handovers, token chain and rotation, schedule problems, failed runs, a silent planner or rotator).')
@minLength(3)
param alertEmailAddress string

@description('Optional. Object id of the Entra ID group of admins (edit the schedule, authorize X accounts). Empty: no admin role assignments.')
param adminGroupObjectId string = ''

@description('Optional. Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Optional. Most instances Flex Consumption may scale the app out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Optional. Extra tags applied to every resource (environment and workload tags are always added).')
param tags object = {}

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, workloadName))
var baseName = toLower('${workloadName}-${environmentName}')
var allTags = union(tags, {
  environment: environmentName
  workload: workloadName
})
// Flex Consumption deploys the package to this container with the app's identity.
var deploymentContainerName = 'app-package'
// Names are computed here, from parameters only, so what-if can predict every resource id.
var names = {
  identity: 'id-${baseName}-${resourceToken}'
  logAnalytics: 'log-${baseName}-${resourceToken}'
  applicationInsights: 'appi-${baseName}-${resourceToken}'
  storageAccount: take(toLower('st${workloadName}${resourceToken}'), 24)
  keyVault: take('kv-${workloadName}-${resourceToken}', 24)
  functionApp: 'func-${baseName}-${resourceToken}'
  plan: 'plan-${baseName}-${resourceToken}'
  actionGroup: 'ag-${baseName}-${resourceToken}'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    retentionInDays: logRetentionInDays
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storageAccount
    location: location
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    tags: allTags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    storageAccountName: names.storageAccount
    keyVaultName: names.keyVault
    // A new identity's principal id is only known once it exists; it is part of each
    // assignment's name on purpose (a re-created identity must get new assignments).
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.outputs.principalId
    adminGroupObjectId: adminGroupObjectId
  }
  // The names are known up front; the assignments still wait for the account and the vault.
  dependsOn: [
    storage
    keyVault
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    keyVaultUri: keyVault.outputs.vaultUri
    applicationInsightsName: names.applicationInsights
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    tags: allTags
  }
  // The host starts as soon as the app exists: let it find its storage and vault roles in place.
  // (Monitoring, whose connection string the app reads, comes first through rbac -> keyVault.)
  dependsOn: [
    rbac
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    actionGroupName: names.actionGroup
    actionGroupShortName: take('rot-${environmentName}', 12)
    alertEmailAddress: alertEmailAddress
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    location: location
    namePrefix: baseName
    tags: allTags
  }
}

@description('The name of the Function App (deploy the package to it).')
output functionAppName string = functionApp.outputs.name

@description('The default host name of the Function App.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('The name of the storage account with the Accounts, Schedule and Handovers tables.')
output storageAccountName string = storage.outputs.name

@description('The table service endpoint, for the admin CLI (`rotation schedule ...`).')
output tableEndpoint string = storage.outputs.tableEndpoint

@description('The name of the Key Vault that holds the X credentials.')
output keyVaultName string = keyVault.outputs.name

@description('The Key Vault URI, for the admin CLI (`rotation x authorize`).')
output keyVaultUri string = keyVault.outputs.vaultUri

@description('The client id of the app\'s user-assigned managed identity (not a secret).')
output appIdentityClientId string = identity.outputs.clientId

@description('The principal id of the app\'s user-assigned managed identity.')
output appIdentityPrincipalId string = identity.outputs.principalId

@description('The resource id of the Application Insights component.')
output applicationInsightsId string = monitoring.outputs.applicationInsightsId

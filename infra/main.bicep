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

@description('Required. E-mail address of ops that receives the alerts (failed, missed or held handovers, token chain and rotation, X credits, poison messages, failed notices, a silent planner or rotator). No default: an alert nobody reads is no alert.')
@minLength(6)
param alertEmailAddress string

@description('Required. GUID of the custom role "Rotation Key Vault Secrets Reader-Writer" (get, set and read metadata of secrets), created once by scripts/setup-azure-devops.sh.')
@minLength(36)
@maxLength(36)
param keyVaultRoleId string

@description('Optional. True: VNet integration for the app, private endpoints and private DNS zones for blob, queue, table and vault, and their public access closed but for adminIpRanges. The portal stays public over HTTPS.')
param networkIsolation bool = false

@description('Optional. With networkIsolation, the organisation\'s public addresses (CIDR, e.g. 198.51.100.0/24) from which admins keep Storage Explorer, az and the CLI.')
param adminIpRanges string[] = []

@description('Optional. With networkIsolation, the VNet\'s address space (a /22 or larger; two /24 subnets are used).')
param vnetAddressPrefix string = '10.60.0.0/22'

@description('Optional. Where curators reach the portal, e.g. a custom domain; it starts every link in the notices. Empty: the app\'s azurewebsites.net address.')
param portalPublicBaseUrl string = ''

@description('Optional. How notices leave the app: None (no notices) or Smtp.')
@allowed([
  'None'
  'Smtp'
])
param noticeSender string = 'None'

@description('Optional. The From address of notices, e.g. rotation@sodersjukhuset.se. Required by the app when noticeSender is Smtp.')
param noticeFrom string = ''

@description('Optional. The SMTP relay, e.g. smtp.office365.com, or smtp.azurecomm.net for Azure Communication Services.')
param smtpHost string = ''

@description('Optional. The SMTP relay\'s port.')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('Optional. The SMTP user name; its password is the Key Vault secret smtp-password. Empty: the relay takes mail without login.')
param smtpUsername string = ''

@description('Optional. The organisation\'s mail domain for Azure Communication Services Email (customer managed; IT publishes its DNS records). Empty: no Communication Services resources.')
param emailDomainName string = ''

@description('Optional. True once Azure verified emailDomainName: only then is it linked to the Communication Service.')
param emailDomainVerified bool = false

@description('Optional. GUID of the custom role "Rotation Email Sender", created by scripts/setup-azure-devops.sh. Empty: the app gets no e-mail role.')
param emailSenderRoleId string = ''

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
  vnet: 'vnet-${baseName}-${resourceToken}'
  emailService: 'ecs-${baseName}-${resourceToken}'
  communicationService: 'acs-${baseName}-${resourceToken}'
}
var hasEmail = !empty(emailDomainName)

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
    networkIsolation: networkIsolation
    adminIpRanges: adminIpRanges
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    networkIsolation: networkIsolation
    adminIpRanges: adminIpRanges
    tags: allTags
  }
}

module network 'modules/network.bicep' = if (networkIsolation) {
  name: 'network'
  params: {
    vnetName: names.vnet
    location: location
    addressPrefix: vnetAddressPrefix
    storageAccountId: storage.outputs.resourceId
    keyVaultId: keyVault.outputs.resourceId
    tags: allTags
  }
}

module email 'modules/email.bicep' = if (hasEmail) {
  name: 'email'
  params: {
    emailServiceName: names.emailService
    communicationServiceName: names.communicationService
    domainName: emailDomainName
    domainVerified: emailDomainVerified
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
    keyVaultRoleId: keyVaultRoleId
    adminGroupObjectId: adminGroupObjectId
    applicationInsightsName: names.applicationInsights
    communicationServiceName: hasEmail ? names.communicationService : ''
    emailSenderRoleId: emailSenderRoleId
  }
  // The names are known up front; the assignments still wait for the resources they are scoped to.
  dependsOn: [
    storage
    keyVault
    monitoring
    email
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
    subnetId: networkIsolation ? network!.outputs.appSubnetId : ''
    portalPublicBaseUrl: portalPublicBaseUrl
    noticeSender: noticeSender
    noticeFrom: noticeFrom
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUsername: smtpUsername
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

@description('The role definition GUIDs the deployment assigns (the deployer\'s RBAC Administrator condition must allow each).')
output assignedRoleIds string[] = rbac.outputs.assignedRoleIds

@description('The Communication Service the app sends notices through, or empty.')
output communicationServiceName string = hasEmail ? email!.outputs.communicationServiceName : ''

@description('The resource id of the Application Insights component.')
output applicationInsightsId string = monitoring.outputs.applicationInsightsId

// Azure Communication Services Email: an Email Communication Service with the organisation's own
// domain (customer managed: its IT publishes the SPF, DKIM and verification records the domain
// resource lists), linked to a Communication Service the app sends through with its identity
// (rbac.bicep). Azure links only a verified domain, so the link waits for domainVerified. Data location Europe keeps the mails' metadata in the EU. Until the domain is
// verified nothing can be sent: the deployment succeeds, sending waits for IT.

@description('Required. Name of the Email Communication Service.')
@minLength(1)
@maxLength(63)
param emailServiceName string

@description('Required. Name of the Communication Service (also the host name of its endpoint).')
@minLength(1)
@maxLength(63)
param communicationServiceName string

@description('Required. The organisation\'s mail domain notices come from, e.g. rotation.sodersjukhuset.se.')
@minLength(4)
param domainName string

@description('Optional. True once IT published the records and Azure verified the domain: only a verified domain can be linked to the Communication Service (the first deployment runs with false).')
param domainVerified bool = false

@description('Optional. Where Azure Communication Services keeps data at rest.')
@allowed([
  'Europe'
  'Switzerland'
  'Norway'
  'Germany'
  'France'
  'UK'
])
param dataLocation string = 'Europe'

@description('Optional. Tags applied to every resource of this module.')
param tags object = {}

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource domain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: domainName
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    // Tracking rewrites links: a curator's personal portal link must reach the portal as sent.
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: domainVerified ? [domain.id] : []
  }
}

@description('The name of the Communication Service (scope of the app\'s e-mail role).')
output communicationServiceName string = communicationService.name

@description('The Communication Service endpoint host the app sends mail through.')
output endpoint string = communicationService.properties.hostName

@description('The DNS records the organisation\'s IT must publish before mail can be sent (resource id of the domain; `az communication email domain show`).')
output domainResourceId string = domain.id

// The user-assigned managed identity the Function App runs as. Every Azure client in the app
// (Storage, Key Vault) and the Functions host (AzureWebJobsStorage, the Flex deployment
// container) signs in with it, so access is granted once, in rbac.bicep, and survives a
// re-created app.

@description('Required. Name of the user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param name string

@description('Required. Azure region of the identity.')
param location string

@description('Optional. Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('The resource id of the identity.')
output resourceId string = identity.id

@description('The name of the identity.')
output name string = identity.name

@description('The client (application) id of the identity: AZURE_CLIENT_ID and AzureWebJobsStorage__clientId.')
output clientId string = identity.properties.clientId

@description('The principal (object) id of the identity, for role assignments.')
output principalId string = identity.properties.principalId

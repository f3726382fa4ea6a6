// Private networking (main.bicep's networkIsolation): a VNet with a subnet the Flex Consumption app
// integrates into (outbound), and private endpoints with their private DNS zones for the storage
// account's blob, queue and table services and for the Key Vault, so the app reaches its data without
// the public endpoints, which storage.bicep and keyvault.bicep then close. The app's own inbound
// endpoint stays public: curators open the portal from anywhere over HTTPS.

@description('Required. Name of the virtual network.')
@minLength(2)
@maxLength(64)
param vnetName string

@description('Required. Azure region of the network resources.')
param location string

@description('Optional. Address space of the VNet; two /24 subnets are cut from its start.')
param addressPrefix string = '10.60.0.0/22'

@description('Required. Resource id of the storage account that gets blob, queue and table private endpoints.')
param storageAccountId string

@description('Required. Resource id of the Key Vault that gets a private endpoint.')
param keyVaultId string

@description('Optional. Tags applied to every resource of this module.')
param tags object = {}

// Key Vault's private link zone is privatelink.vaultcore.azure.net (sovereign clouds alike), derived
// from the cloud's vault suffix (.vault.azure.net) so no cloud URL is hard-coded.
var vaultZone = 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}'
var endpoints = [
  { name: 'blob', zone: 'privatelink.blob.${environment().suffixes.storage}' }
  { name: 'queue', zone: 'privatelink.queue.${environment().suffixes.storage}' }
  { name: 'table', zone: 'privatelink.table.${environment().suffixes.storage}' }
  { name: 'vault', zone: vaultZone }
]

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        // Flex Consumption integrates into a subnet delegated to Microsoft.App/environments.
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for e in endpoints: {
    name: e.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (e, i) in endpoints: {
    parent: zones[i]
    name: vnetName
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for e in endpoints: {
    name: 'pe-${e.name}-${vnetName}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: vnet.properties.subnets[1].id
      }
      privateLinkServiceConnections: [
        {
          name: e.name
          properties: {
            privateLinkServiceId: e.name == 'vault' ? keyVaultId : storageAccountId
            groupIds: [
              e.name
            ]
          }
        }
      ]
    }
  }
]

resource dnsGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (e, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: e.name
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]

@description('The resource id of the subnet the Function App integrates into.')
output appSubnetId string = vnet.properties.subnets[0].id

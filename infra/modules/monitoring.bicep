// Log Analytics workspace and the workspace-based Application Insights component the
// Function App sends its logs, requests and traces to. The alerts query this component.

@description('Required. Name of the Log Analytics workspace.')
@minLength(4)
@maxLength(63)
param logAnalyticsName string

@description('Required. Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

@description('Required. Azure region of the workspace and the component.')
param location string

@description('Optional. Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Optional. Tags applied to every resource of this module.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
      // Only Entra-authenticated ingestion: a leaked workspace key cannot write logs.
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // The connection string is no credential any more: without an Entra token (the app's identity,
    // Monitoring Metrics Publisher) nobody can inject a fake Critical trace that an alert would believe.
    DisableLocalAuth: true
  }
}

@description('The resource id of the Log Analytics workspace.')
output logAnalyticsWorkspaceId string = workspace.id

@description('The resource id of the Application Insights component.')
output applicationInsightsId string = applicationInsights.id

@description('The name of the Application Insights component (the Function App reads its connection string itself).')
output applicationInsightsName string = applicationInsights.name

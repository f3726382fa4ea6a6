using './main.bicep'

// Development environment. Values from the environment let the pipeline (or you, by hand)
// supply the addresses without committing them:
//   ROTATION_ALERT_EMAIL        who receives the alerts
//   ROTATION_ADMIN_GROUP_ID     object id of the admin group (optional)
param environmentName = 'dev'
param alertEmailAddress = readEnvironmentVariable('ROTATION_ALERT_EMAIL', 'rotation-alerts@example.org')
param adminGroupObjectId = readEnvironmentVariable('ROTATION_ADMIN_GROUP_ID', '')
param storageSkuName = 'Standard_LRS'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logRetentionInDays = 30

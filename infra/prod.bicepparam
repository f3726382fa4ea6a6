using './main.bicep'

// Production. The same environment variables as dev.bicepparam:
//   ROTATION_ALERT_EMAIL        who receives the alerts
//   ROTATION_ADMIN_GROUP_ID     object id of the admin group (optional)
param environmentName = 'prod'
param alertEmailAddress = readEnvironmentVariable('ROTATION_ALERT_EMAIL', 'rotation-alerts@example.org')
param adminGroupObjectId = readEnvironmentVariable('ROTATION_ADMIN_GROUP_ID', '')
param storageSkuName = 'Standard_ZRS'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logRetentionInDays = 90

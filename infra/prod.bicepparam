using './main.bicep'

// Production. The same environment variables as dev.bicepparam:
//   ROTATION_ALERT_EMAIL        who receives the alerts
//   ROTATION_ADMIN_GROUP_ID     object id of the admin group (optional)
//   ROTATION_KEYVAULT_ROLE_ID   GUID of the custom Key Vault role (scripts/setup-azure-devops.sh prints it)
//   ROTATION_EMAIL_ROLE_ID      GUID of the custom e-mail sender role (optional, with an e-mail domain)
// ROTATION_ALERT_EMAIL and ROTATION_KEYVAULT_ROLE_ID have no default: build-params fails without them.
param environmentName = 'prod'
param alertEmailAddress = readEnvironmentVariable('ROTATION_ALERT_EMAIL')
param keyVaultRoleId = readEnvironmentVariable('ROTATION_KEYVAULT_ROLE_ID')
param adminGroupObjectId = readEnvironmentVariable('ROTATION_ADMIN_GROUP_ID', '')
param storageSkuName = 'Standard_ZRS'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logRetentionInDays = 90
// Private endpoints and closed public access: turn on once the admins' ranges are known.
param networkIsolation = false
param adminIpRanges = []
param emailSenderRoleId = readEnvironmentVariable('ROTATION_EMAIL_ROLE_ID', '')

// What wakes ops up: a handover that failed for good (its message reached handovers-poison),
// a broken X token chain (the app logs it at Critical), and failing function runs. Each is a
// log search alert over the Application Insights component, sent to one e-mail action group.

@description('Required. Name of the action group.')
@minLength(1)
@maxLength(260)
param actionGroupName string

@description('Required. Short name of the action group, shown in e-mails and SMS (at most 12 characters).')
@minLength(1)
@maxLength(12)
param actionGroupShortName string

@description('Required. E-mail address that receives the alerts.')
@minLength(3)
param alertEmailAddress string

@description('Required. Resource id of the Application Insights component the alerts query.')
param applicationInsightsId string

@description('Required. Azure region of the log search alert rules (the component\'s region).')
param location string

@description('Required. Prefix of the alert rule names, e.g. the environment name.')
@minLength(1)
@maxLength(40)
param namePrefix string

@description('Optional. Tags applied to every resource of this module.')
param tags object = {}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: actionGroupShortName
    enabled: true
    emailReceivers: [
      {
        name: 'ops-email'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

var alertRules = [
  {
    name: '${namePrefix}-handover-poisoned'
    displayName: 'Handover failed for good (message in handovers-poison)'
    description: 'The Functions host moved a handover message to the handovers-poison queue after maxDequeueCount attempts: a tweet was not posted. Read the message in handovers-poison and the Handovers row, fix the cause, then re-plan.'
    severity: 1
    // The queue listener logs "Message has reached MaxDequeueCount of N. Moving message to queue 'handovers-poison'."
    query: 'traces | where message has "MaxDequeueCount" and message has "handovers-poison"'
  }
  {
    name: '${namePrefix}-token-chain-broken'
    displayName: 'X token chain broken (critical log)'
    description: 'The app logged at Critical: an X refresh token was refused (invalid_grant), so the account can no longer post. An admin must run `rotation x authorize` for the account named in the log.'
    severity: 0
    // severityLevel 4 = Critical. The token rotator logs at Critical only when a chain is lost:
    // X refused the refresh token, or new tokens could not be stored in Key Vault.
    query: 'traces | where severityLevel == 4'
  }
  {
    name: '${namePrefix}-function-failures'
    displayName: 'Function runs failed'
    description: 'A planner, handover or token rotation run failed. One failure may be retried; repeated ones need a look at the exceptions in Application Insights.'
    severity: 2
    query: 'requests | where success == false'
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in alertRules: {
    name: rule.name
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsightsId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: false
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

@description('The resource id of the action group.')
output actionGroupId string = actionGroup.id

@description('The names of the log search alert rules.')
output alertRuleNames string[] = [for (rule, i) in alertRules: logAlerts[i].name]

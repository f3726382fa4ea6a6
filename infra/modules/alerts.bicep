// What wakes ops up. Each rule is a log search alert over the Application Insights component, sent
// to one e-mail action group. The rules query the app's log events by EventName (README: "Events an
// alert can use"), only from the app's own categories, and only events the app keeps out of adaptive
// sampling (Warning and above, and the timers' run summaries), so a burst of ordinary traces cannot hide
// them. Failure rules fire per account (dimension AccountId); every rule is stateful (autoMitigate):
// it mails once when it fires and once when it resolves, not on every evaluation.

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

// Failure rules: count > 0 in a 15-minute window evaluated every 5 minutes (the window outlasts
// ingestion delay). Heartbeat rules: fewer than 1 run summary in a window that holds several runs
// (PlanSchedule every 5 minutes, RotateTokensSchedule every 15, see functionapp.bicep).
var alertRules = [
  {
    name: '${namePrefix}-handover-failed'
    displayName: 'Handover failed for good, or an account could not be planned'
    description: 'A handover message failed every delivery (it is in handovers-poison and the Handovers row says failed), a message could not be read at all, or planning an account threw (its next handovers are not planned while it does). Read the exception and the Handovers row (AccountId, HandoverId), fix the cause, then re-plan.'
    severity: 1
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("HandoverFailedForGood", "HandoverMessageMalformed", "PlannerAccountFailed", "HandoverEndedFailed", "HandoverStepPostedTwice")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)"), HandoverId = tostring(customDimensions.HandoverId)'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-handover-not-posted'
    displayName: 'Handover missed, held, blocked or refused'
    description: 'A handover posted nothing or only part: missed (the app was down or X was unavailable past the catch-up window), held (the schedule has an error at that boundary), a step blocked (curator not approved, a text validation refuses) or refused by X. The event names the handover (HandoverId) and the reason.'
    severity: 2
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("HandoverMissed", "HandoverMissedLate", "HandoverMissedXUnavailable", "HandoverHeld", "HandoverStepBlocked", "HandoverStepRejected")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)"), HandoverId = tostring(customDimensions.HandoverId)'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-token-chain-broken'
    displayName: 'X token chain broken'
    description: 'X refused an account\'s refresh token (invalid_grant), or new tokens could not be stored in Key Vault: the account can post until its access token expires (at most 2 hours), then not at all. An admin must run `rotation x authorize --account <AccountId>`.'
    severity: 0
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("TokenChainBroken", "TokensStoreFailed")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)")'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-token-rotation-failing'
    displayName: 'X token rotation failing'
    description: 'Refreshing an account\'s X tokens failed (X refused the client credentials, X or Key Vault did not answer, the rotation lease was never free), or the account has no tokens yet. The chain is not lost yet; it will be when the access token expires. Read the event\'s reason.'
    severity: 2
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("TokenRefreshRejected", "TokenRefreshFailedTransient", "TokenLeaseTimeout", "TokenAccountRotationFailed", "TokenAccountRowMissing", "TokensNotAuthorized")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)")'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-schedule-problem'
    displayName: 'Schedule problem'
    description: 'A row of the Accounts or Schedule table has an error (the event names the table, account, row and field): the handovers that depend on it are held or blocked until it is fixed. Told when found and once a day while it stays; `rotation schedule validate` lists every problem.'
    severity: 3
    query: '''traces
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("ScheduleProblem")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)"), Row = tostring(customDimensions.Row), Field = tostring(customDimensions.Field)'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-function-failures'
    displayName: 'Function runs failed'
    description: 'A planner, handover or token rotation run failed. One failure may be retried; repeated ones need a look at the exceptions in Application Insights.'
    severity: 2
    query: 'requests | where success == false'
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: false
  }
  {
    name: '${namePrefix}-planner-silent'
    displayName: 'Planner not running'
    description: 'No planner run finished in 30 minutes (it runs every 5): the app is down, not deployed, its timer is stopped, or every run fails before its end. Nothing new is planned, so the next handovers will be missed.'
    severity: 1
    query: '''traces
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("PlannerRunFinished")'''
    operator: 'LessThan'
    threshold: 1
    windowSize: 'PT30M'
    splitByAccount: false
  }
  {
    name: '${namePrefix}-token-rotation-silent'
    displayName: 'Token rotation not running'
    description: 'No token rotation run finished in an hour (it runs every 15 minutes): access tokens expire after 2 hours, then no account can post.'
    severity: 1
    query: '''traces
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("TokenRotationRunFinished")'''
    operator: 'LessThan'
    threshold: 1
    windowSize: 'PT1H'
    splitByAccount: false
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
      windowSize: rule.windowSize
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            dimensions: rule.splitByAccount
              ? [
                  {
                    name: 'AccountId'
                    operator: 'Include'
                    values: [
                      '*'
                    ]
                  }
                ]
              : []
            operator: rule.operator
            threshold: rule.threshold
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

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
// ingestion delay). An event stays in three evaluations' windows; a stateful rule (autoMitigate)
// split by AccountId fires once per account and resolves itself, so it mails once per incident and
// account, not three times. Heartbeat rules: fewer than 1 run summary in a window that holds several
// runs (PlanSchedule every 5 minutes, RotateTokensSchedule every 15, see functionapp.bicep).
var alertRules = [
  {
    name: '${namePrefix}-handover-failed'
    displayName: 'Handover failed, or an account could not be planned'
    description: 'X refused a step of a handover, a step is on X twice, or planning an account threw (its next handovers are not planned while it does). Read the exception and the Handovers row (AccountId, HandoverId), fix the cause, then re-plan.'
    severity: 1
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("PlannerAccountFailed", "HandoverEndedFailed", "HandoverStepPostedTwice")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)"), HandoverId = tostring(customDimensions.HandoverId)'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    // Both ways a message reaches a poison queue: the host moves it after maxDequeueCount failed
    // deliveries (the app logs *FailedForGood on the last one), and the app parks a message it cannot
    // read (*MessageMalformed) itself, which the host never reports.
    name: '${namePrefix}-message-poisoned'
    displayName: 'Message moved to a poison queue'
    description: 'A handover or notice message failed every delivery and is in handovers-poison or notices-poison (its row says failed), or the app could not read a message and parked it there. Read the exception, fix the cause, then re-plan (handovers) or let the planner plan the notice again.'
    severity: 1
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("HandoverFailedForGood", "HandoverMessageMalformed", "NoticeFailedForGood", "NoticeMessageMalformed")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)")'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-notice-failed'
    displayName: 'Notice not sent'
    description: 'A notice to a curator or an admin was refused by the mail relay for good, or was missed (the relay was down past its window), or the account\'s Teams webhook refused its card or its Key Vault secret is not a webhook address: the curator may not know about their week, or an admin did not hear of a problem. The event names the notice (NoticeId, Kind) or the webhook\'s status code, never its address.'
    severity: 2
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("NoticeFailed", "NoticeMissed", "TeamsWebhookRefused", "TeamsWebhookSecretInvalid")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)")'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    // A handover step refused with 402 logs XCreditsExhausted while the handover still waits (an admin who pays
    // within the catch-up window saves it); a refused portal post says so in Kind. Both are Warning or above,
    // so sampling keeps them.
    name: '${namePrefix}-x-credits-exhausted'
    displayName: 'X credits exhausted'
    description: 'X answered 402: the developer account\'s pay-per-use credits ran out and X refuses every post until an admin adds credits in the X developer console. Handovers wait for X until their catch-up window ends; portal posts fail.'
    severity: 1
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where (tostring(customDimensions.EventName) == "PortalPostFailed" and tostring(customDimensions.Kind) == "CreditsExhausted")
    or tostring(customDimensions.EventName) == "XCreditsExhausted"
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)")'''
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
    name: '${namePrefix}-bluesky-session-broken'
    displayName: 'Bluesky session chain broken'
    description: 'Bluesky refused an account\'s stored refresh token (unused for 90 days, revoked, or spent by a refresh whose answer was lost), or a new session could not be stored in Key Vault: the account posts nothing on Bluesky until an admin runs `rotation bluesky authorize --account <AccountId> --handle <handle>` with the main password.'
    severity: 0
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("BlueskyChainBroken", "BlueskySessionStoreFailed")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), "(none)")'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-bluesky-access-failing'
    displayName: 'Bluesky session or app passwords failing'
    description: 'The daily keep-alive of an account\'s Bluesky session failed (no session stored, Key Vault refused, Bluesky down: the refresh token dies 90 days after its last use), or a curator\'s app password could not be made or revoked at a handover (a revoke that waiting can cure is retried; the event says which). Read the event\'s kind and the handover\'s note.'
    severity: 2
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("BlueskyKeepAliveFailed", "BlueskyAppPasswordRevokeFailed", "BlueskyAppPasswordFailed")
| extend AccountId = coalesce(tostring(customDimensions.AccountId), tostring(split(tostring(customDimensions.HandoverId), "/")[0]), "(none)")'''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT1H'
    splitByAccount: true
  }
  {
    name: '${namePrefix}-token-rotation-failing'
    displayName: 'X token rotation failing'
    description: 'Refreshing an account\'s X tokens failed (X refused the client credentials, X or Key Vault did not answer, Key Vault refused the write-ahead, the rotation lease was never free), a run left due accounts for the next, or the account has no tokens yet. The chain is not lost yet; it will be when the access token expires. Read the event\'s reason.'
    severity: 2
    query: '''union traces, exceptions
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("TokenRefreshRejected", "TokenRefreshFailedTransient", "TokenLeaseTimeout", "TokenAccountRotationFailed", "TokenAccountRowMissing", "TokensNotAuthorized", "TokenWriteAheadRefused", "TokenWriteAheadFailed", "TokenRotationStepTimedOut", "TokenRotationRunBudgetSpent")
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
    description: 'No planner run finished in 15 minutes (it runs every 5): the app is down, not deployed, its timer is stopped, or every run fails before its end. Nothing new is planned, so the next handovers will be missed.'
    severity: 1
    query: '''traces
| where tostring(customDimensions.CategoryName) startswith "RotationFunctions."
| where tostring(customDimensions.EventName) in ("PlannerRunFinished")'''
    operator: 'LessThan'
    threshold: 1
    windowSize: 'PT15M'
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

#!/usr/bin/env bash
# Smoke test of a deployed environment. The pipeline runs it after the package is deployed;
# run it by hand (signed in with az) after a manual deployment:
#
#   scripts/smoke.sh --resource-group RG --name FUNCTION_APP --app-insights APPINSIGHTS_RESOURCE_ID \
#                    [--since 2027-01-04T08:00:00Z] [--timeout-minutes 15]
#
# Passes when, before the timeout:
#   1. `az functionapp function list` shows PlanHandovers, HandOver, RotateTokens and DataPlaneHealth,
#   2. GET /api/health (its function key) answers 200: the app's identity reads Key Vault, sends and
#      deletes a queue message, takes a lease and reads a table (a 503 names the failing checks), and
#   3. Application Insights has a PlanHandovers request (the planner's timer run, every 5 min
#      by PlanSchedule) later than --since (default: now), and the latest one succeeded.
# Fails at once when the latest planner run after --since failed.
# SMOKE_POLL_SECONDS (default 30) sets the pause between attempts.
set -euo pipefail

usage() { sed -n '2,15p' "$0" >&2; exit 2; }

resource_group="" app="" app_insights="" since="" timeout_minutes=15
while [ $# -gt 0 ]; do
  case "$1" in
    --resource-group) resource_group=${2:-}; shift 2 ;;
    --name) app=${2:-}; shift 2 ;;
    --app-insights) app_insights=${2:-}; shift 2 ;;
    --since) since=${2:-}; shift 2 ;;
    --timeout-minutes) timeout_minutes=${2:-}; shift 2 ;;
    *) echo "Unknown argument: $1" >&2; usage ;;
  esac
done
if [ -z "$resource_group" ] || [ -z "$app" ] || [ -z "$app_insights" ]; then usage; fi
since=${since:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
poll_seconds=${SMOKE_POLL_SECONDS:-30}
deadline=$(( $(date +%s) + timeout_minutes * 60 ))
expected_functions=(PlanHandovers HandOver RotateTokens DataPlaneHealth)

fail() {
  # An error line Azure Pipelines shows on the run's summary, and the same text for a terminal.
  echo "##vso[task.logissue type=error]smoke: $*"
  echo "smoke: FAILED: $*" >&2
  exit 1
}

timed_out() { [ "$(date +%s)" -ge "$deadline" ]; }

# 1. The functions are listed (the host has indexed the new package).
while :; do
  listed=$(az functionapp function list --resource-group "$resource_group" --name "$app" \
    --query "[].name" --output tsv 2>/dev/null || true)
  missing=()
  for function in "${expected_functions[@]}"; do
    # Names come back as "APP/FUNCTION".
    grep -qE "(^|/)${function}\$" <<<"$listed" || missing+=("$function")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "smoke: $app lists ${expected_functions[*]}"
    break
  fi
  timed_out && fail "$app does not list ${missing[*]} after ${timeout_minutes} min (listed: ${listed:-nothing})"
  echo "smoke: waiting for ${missing[*]} to be listed ..."
  sleep "$poll_seconds"
done

# 2. The data plane answers with the app's identity. Right after a first deployment its role assignments
# may still be propagating (a 503 naming Key Vault or storage): asked again until the timeout. The function
# key is a secret: it reaches curl on stdin, never a command line or the log.
host=$(az functionapp show --resource-group "$resource_group" --name "$app" --query defaultHostName --output tsv)
key=$(az functionapp function keys list --resource-group "$resource_group" --name "$app" \
  --function-name DataPlaneHealth --query default --output tsv)
[ -n "$key" ] || fail "$app has no function key for DataPlaneHealth"
while :; do
  answer=$(curl --silent --show-error --max-time 60 --header @- --write-out '\n%{http_code}' \
    "https://${host}/api/health" <<<"x-functions-key: ${key}" 2>&1 || true)
  code=${answer##*$'\n'}
  body=${answer%$'\n'*}
  if [ "$code" = "200" ]; then
    echo "smoke: /api/health is healthy: ${body}"
    break
  fi
  timed_out && fail "/api/health answered ${code:-nothing} after ${timeout_minutes} min: ${body}"
  echo "smoke: /api/health answered ${code:-nothing}, asking again ..."
  sleep "$poll_seconds"
done
unset key

# 3. The planner ran after the deployment, and its latest run succeeded. Requests are never
# sampled out (host.json excludes Request from sampling); ingestion takes a few minutes.
# The extension at the version the pipeline pins (azure-pipelines.yml, appInsightsExtensionVersion), never
# whatever is newest: a run behaves the same tomorrow. By hand, the installed one is used.
if [ -n "${AZ_EXTENSION_APPLICATION_INSIGHTS_VERSION:-}" ]; then
  az extension add --name application-insights --version "$AZ_EXTENSION_APPLICATION_INSIGHTS_VERSION" --only-show-errors >/dev/null
fi
query="requests
| where timestamp > datetime(${since}) and name == 'PlanHandovers'
| top 1 by timestamp desc
| project timestamp, success, resultCode"
while :; do
  latest=$(az monitor app-insights query --ids "$app_insights" --analytics-query "$query" \
    --query "tables[0].rows[0]" --output tsv 2>/dev/null || true)
  if [ -n "$latest" ]; then
    read -r at success result <<<"$latest"
    case "${success,,}" in
      true) echo "smoke: PlanHandovers ran at $at and succeeded"; exit 0 ;;
      *) fail "the latest PlanHandovers run ($at, result ${result:-?}) failed: see its exceptions in Application Insights" ;;
    esac
  fi
  timed_out && fail "no PlanHandovers run since $since in Application Insights after ${timeout_minutes} min (PlanSchedule runs it every 5 minutes)"
  echo "smoke: waiting for a PlanHandovers run since $since ..."
  sleep "$poll_seconds"
done

#!/usr/bin/env bash
# Turns `az deployment group what-if --output json` into the Markdown the approver reads in the run
# summary before approving prod: counts per change type, then the changes that matter most, each
# called out on its own: role assignments (who gets access), publicNetworkAccess and firewalls (what
# becomes reachable), and soft delete / purge protection (what can be destroyed for good).
#   scripts/whatif-summary.sh whatif.json > summary.md
# Exit 0 always when the input parses: the summary informs, the approver decides.
set -euo pipefail

input=${1:?usage: whatif-summary.sh WHATIF_JSON}
command -v jq >/dev/null || { echo "whatif-summary: jq is required" >&2; exit 2; }

# Every property path a change touches, nested deltas included (children carry relative paths).
paths='[.delta // [] | .. | objects | select(has("propertyChangeType")) | .path] | join(" ")'
changed='.changeType == "Create" or .changeType == "Delete" or .changeType == "Modify"'

echo "## What-if: $(jq -r '.status // "unknown"' "$input")"
echo
echo "| change | resources |"
echo "|---|---|"
jq -r '[.changes // [] | .[] | .changeType] | group_by(.) | .[] | "| \(.[0]) | \(length) |"' "$input"
echo

section() {
  local title=$1 filter=$2 rows
  rows=$(jq -r "[.changes // [] | .[] | select(($changed) and ($filter))] | .[] |
    \"- **\(.changeType)** \`\(.resourceId | sub(\".*/resourceGroups/[^/]+/providers/\"; \"\"))\`\"" "$input")
  echo "### $title"
  echo
  if [ -n "$rows" ]; then echo "$rows"; else echo "None."; fi
  echo
}

section "Role assignments (access granted or removed)" \
  '(.resourceId | test("/providers/Microsoft.Authorization/role(Assignments|Definitions)/"; "i"))'
section "Public network access and firewalls" \
  "(($paths) | test(\"publicNetworkAccess|networkAcls|ipRules|defaultAction|virtualNetworkSubnetId\"; \"i\"))
   or (.changeType == \"Create\" and ((.after.properties.publicNetworkAccess // \"\") != \"\"))"
section "Soft delete and purge protection" \
  "(($paths) | test(\"enablePurgeProtection|enableSoftDelete|softDeleteRetentionInDays|deleteRetentionPolicy\"; \"i\"))
   or (.changeType == \"Delete\" and (.resourceId | test(\"/providers/Microsoft.KeyVault/vaults/\"; \"i\")))"

deletes=$(jq '[.changes // [] | .[] | select(.changeType == "Delete")] | length' "$input")
if [ "$deletes" -gt 0 ]; then
  echo "**$deletes resource(s) would be deleted.** (Incremental mode never deletes; a Delete here means the template no longer declares a child the service removes with it.)"
fi

#!/usr/bin/env bash
# Sets up Azure DevOps and Azure for azure-pipelines.yml, from zero, and changes nothing when run
# again (every object is looked up first and created only when missing). Signed in with `az login`
# and the azure-devops extension (`az extension add --name azure-devops --version 1.0.1`).
#
#   scripts/setup-azure-devops.sh --organization https://dev.azure.com/ORG --project PROJECT \
#     --repository REPO --alert-email ops@example.se [--admin-group-id OBJECT_ID] \
#     [--prod-approver-id AZDO_GROUP_ID] [--owner] [--keyvault-role-id GUID] [--location swedencentral]
#
# For each environment (dev, prod) it makes:
#   - the resource group rg-rotation-<env>;
#   - a user-assigned identity id-rotation-deployer-<env> (in that group) that the pipeline deploys as,
#     and a service connection rotation-<env> (workload identity federation, no secret) for it, with
#     the federated credential that trusts exactly that connection;
#   - on the connection: a branch control check (refs/heads/main only) and access for the rotation
#     pipeline only (not "all pipelines");
#   - the environment rotation-<env> (prod with an approval by --prod-approver-id when given);
#   - the variable group rotation-<env> (ROTATION_ALERT_EMAIL, ROTATION_ADMIN_GROUP_ID,
#     ROTATION_KEYVAULT_ROLE_ID; none is a secret).
# With --owner (run once by an Owner or User Access Administrator of the subscription) also:
#   - the custom roles "Rotation Key Vault Secrets Reader-Writer" (secrets get, set, read metadata)
#     and "Rotation Email Sender" (what Communication Services checks before it sends for an identity);
#   - for each deployer identity on its group: Contributor, and Role Based Access Control Administrator
#     with a condition that lets it assign and remove only the roles infra/modules/rbac.bicep assigns.
# Without --owner, pass --keyvault-role-id (the custom role's GUID an Owner's run printed).
set -euo pipefail

org="" project="" repository="" alert_email="" admin_group="" approver="" owner=false kv_role_id="" location="swedencentral"
pipeline_name="rotation" yaml_path="azure-pipelines.yml"
while [ $# -gt 0 ]; do
  case "$1" in
    --organization) org=$2; shift 2 ;;
    --project) project=$2; shift 2 ;;
    --repository) repository=$2; shift 2 ;;
    --alert-email) alert_email=$2; shift 2 ;;
    --admin-group-id) admin_group=$2; shift 2 ;;
    --prod-approver-id) approver=$2; shift 2 ;;
    --keyvault-role-id) kv_role_id=$2; shift 2 ;;
    --location) location=$2; shift 2 ;;
    --owner) owner=true; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "setup: unknown argument $1" >&2; exit 2 ;;
  esac
done
for required in org project repository alert_email; do
  [ -n "${!required}" ] || { echo "setup: --${required//_/-} is required" >&2; exit 2; }
done
[ "$owner" = true ] || [ -n "$kv_role_id" ] || { echo "setup: pass --owner (creates the custom roles) or --keyvault-role-id" >&2; exit 2; }

devops=(--organization "$org")
scope_project=(--organization "$org" --project "$project")
subscription=$(az account show --query id --output tsv)
tenant=$(az account show --query tenantId --output tsv)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'setup: %s\n' "$*"; }

# The built-in roles infra/modules/rbac.bicep assigns (an infra test keeps this list equal to it);
# the custom ones are added below. The deployer may assign these and nothing else.
assignable_roles=(
  b7e6dc6d-f1e8-4753-8033-0f276bb0955b # Storage Blob Data Owner
  ba92f5b4-2d11-453d-a403-e96b0029c9fe # Storage Blob Data Contributor
  0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3 # Storage Table Data Contributor
  76199698-9eea-4c19-bc75-cec21354c6b6 # Storage Table Data Reader
  19e7f393-937e-4f77-808e-94535e297925 # Storage Queue Data Reader
  8a0f0c08-91a1-4084-bc3d-661d67233fed # Storage Queue Data Message Processor
  c6a89b2d-59bc-44d0-9896-0f6e12d7b80a # Storage Queue Data Message Sender
  3913510d-42f4-4e42-8a64-420c390055eb # Monitoring Metrics Publisher
)
contributor=b24988ac-6ff0-43a9-a5da-4c5a5b10cdd1
rbac_administrator=f58310d9-a9f6-439a-9e8d-f62e7b41a168

# ---- Custom roles (Owner) ----
ensure_role() { # name description data_actions(comma) actions(comma) -> prints the role's GUID
  local name=$1 description=$2 data_actions=$3 actions=$4 id
  id=$(az role definition list --custom-role-only true --name "$name" --scope "/subscriptions/$subscription" --query "[0].name" --output tsv)
  if [ -z "$id" ]; then
    jq -n --arg name "$name" --arg description "$description" --arg scope "/subscriptions/$subscription" \
      --arg data "$data_actions" --arg actions "$actions" \
      '{Name: $name, Description: $description, IsCustom: true, AssignableScopes: [$scope],
        Actions: ($actions | split(",") | map(select(. != ""))), NotActions: [],
        DataActions: ($data | split(",") | map(select(. != ""))), NotDataActions: []}' > "$work/role.json"
    id=$(az role definition create --role-definition "@$work/role.json" --query name --output tsv)
    say "created custom role '$name' ($id)" >&2
  fi
  printf '%s\n' "$id"
}

email_role_id=""
if [ "$owner" = true ]; then
  kv_role_id=$(ensure_role "Rotation Key Vault Secrets Reader-Writer" \
    "Read and write secret values and read secret metadata; no delete, purge, backup or restore." \
    "Microsoft.KeyVault/vaults/secrets/getSecret/action,Microsoft.KeyVault/vaults/secrets/setSecret/action,Microsoft.KeyVault/vaults/secrets/readMetadata/action" "")
  email_role_id=$(ensure_role "Rotation Email Sender" \
    "Send e-mail through Azure Communication Services with an Entra identity." \
    "" "Microsoft.Communication/CommunicationServices/Read,Microsoft.Communication/CommunicationServices/Write,Microsoft.Communication/EmailServices/write")
  say "Key Vault role $kv_role_id, e-mail role $email_role_id"
fi
assignable_roles+=("$kv_role_id")
[ -z "$email_role_id" ] || assignable_roles+=("$email_role_id")

ensure_assignment() { # principal role scope [condition]
  local principal=$1 role=$2 scope=$3 condition=${4:-}
  if [ -n "$(az role assignment list --assignee "$principal" --role "$role" --scope "$scope" --query "[0].id" --output tsv)" ]; then
    return
  fi
  if [ -n "$condition" ]; then
    az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope" --condition "$condition" --condition-version 2.0 --output none
  else
    az role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope" --output none
  fi
  say "assigned role $role on $scope"
}

# The deployer may write (and delete) a role assignment only for one of the roles above.
guids=$(IFS=,; echo "${assignable_roles[*]}" | sed 's/,/, /g')
condition="((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {$guids})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {$guids}))"

# ---- The pipeline (its id restricts the service connections) ----
pipeline_id=$(az pipelines list "${scope_project[@]}" --name "$pipeline_name" --query "[0].id" --output tsv)
if [ -z "$pipeline_id" ]; then
  pipeline_id=$(az pipelines create "${scope_project[@]}" --name "$pipeline_name" --repository "$repository" \
    --repository-type tfsgit --branch main --yml-path "$yaml_path" --skip-first-run true --query id --output tsv)
  say "created pipeline $pipeline_name ($pipeline_id)"
fi

invoke() { # area resource route-parameters... -- http-method [body-file]
  az devops invoke "${devops[@]}" --area "$1" --resource "$2" --route-parameters "${@:3}" --api-version 7.1-preview --output json
}

for env in dev prod; do
  group="rg-rotation-$env" connection="rotation-$env" identity="id-rotation-deployer-$env"

  if [ "$(az group exists --name "$group")" != "true" ]; then
    az group create --name "$group" --location "$location" --output none
    say "created resource group $group"
  fi
  group_id="/subscriptions/$subscription/resourceGroups/$group"

  client_id=$(az identity show --resource-group "$group" --name "$identity" --query clientId --output tsv 2>/dev/null || true)
  if [ -z "$client_id" ]; then
    client_id=$(az identity create --resource-group "$group" --name "$identity" --location "$location" --query clientId --output tsv)
    say "created identity $identity"
  fi
  principal_id=$(az identity show --resource-group "$group" --name "$identity" --query principalId --output tsv)

  endpoint_id=$(az devops service-endpoint list "${scope_project[@]}" --query "[?name=='$connection'].id | [0]" --output tsv)
  if [ -z "$endpoint_id" ]; then
    jq -n --arg name "$connection" --arg sub "$subscription" --arg tenant "$tenant" --arg client "$client_id" --arg scope "$group_id" \
      '{name: $name, type: "azurerm", url: "https://management.azure.com/", isShared: false, isReady: true,
        authorization: {scheme: "WorkloadIdentityFederation", parameters: {tenantid: $tenant, serviceprincipalid: $client}},
        data: {subscriptionId: $sub, subscriptionName: $sub, environment: "AzureCloud", scopeLevel: "Subscription", creationMode: "Manual",
               resourceGroupName: ($scope | split("/") | last)}}' > "$work/endpoint.json"
    endpoint_id=$(az devops service-endpoint create "${scope_project[@]}" --service-endpoint-configuration "$work/endpoint.json" --query id --output tsv)
    say "created service connection $connection"
  fi

  # The identity trusts tokens for exactly this connection.
  issuer=$(az devops service-endpoint show "${scope_project[@]}" --id "$endpoint_id" --query "authorization.parameters.workloadIdentityFederationIssuer" --output tsv)
  subject=$(az devops service-endpoint show "${scope_project[@]}" --id "$endpoint_id" --query "authorization.parameters.workloadIdentityFederationSubject" --output tsv)
  if [ -z "$(az identity federated-credential list --resource-group "$group" --identity-name "$identity" --query "[?subject=='$subject'].name | [0]" --output tsv)" ]; then
    az identity federated-credential create --resource-group "$group" --identity-name "$identity" --name "azure-devops-$connection" \
      --issuer "$issuer" --subject "$subject" --audiences api://AzureADTokenExchange --output none
    say "created federated credential for $connection"
  fi

  # Only this pipeline may use the connection; it asks no other pipeline and no pull request's YAML.
  permissions=$(invoke pipelinePermissions pipelinePermissions "project=$project" "resourceType=endpoint" "resourceId=$endpoint_id" --http-method GET)
  if [ "$(jq -r --argjson id "$pipeline_id" '(.allPipelines.authorized // false) == false and ([.pipelines[]? | select(.id == $id and .authorized)] | length) == 1' <<<"$permissions")" != "true" ]; then
    jq -n --argjson id "$pipeline_id" '{allPipelines: {authorized: false}, pipelines: [{id: $id, authorized: true}]}' > "$work/permissions.json"
    invoke pipelinePermissions pipelinePermissions "project=$project" "resourceType=endpoint" "resourceId=$endpoint_id" \
      --http-method PATCH --in-file "$work/permissions.json" >/dev/null
    say "restricted $connection to pipeline $pipeline_name"
  fi

  # Branch control: a run of any other branch cannot use the connection, whatever its YAML says.
  checks=$(invoke PipelinesChecks configurations "project=$project" --http-method GET --query-parameters "resourceType=endpoint" "resourceId=$endpoint_id")
  if [ "$(jq '[.value[]? | select(.settings.definitionRef.name == "evaluatebranchProtection")] | length' <<<"$checks")" = "0" ]; then
    jq -n --arg id "$endpoint_id" \
      '{type: {id: "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7", name: "Task Check"},
        settings: {displayName: "Branch control: main only", definitionRef: {id: "86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b", name: "evaluatebranchProtection", version: "0.0.1"},
                   inputs: {allowedBranches: "refs/heads/main", ensureProtectionOfBranch: "true", allowUnknownStatusBranch: "false"}},
        resource: {type: "endpoint", id: $id}, timeout: 1440}' > "$work/check.json"
    invoke PipelinesChecks configurations "project=$project" --http-method POST --in-file "$work/check.json" >/dev/null
    say "added branch control (main) to $connection"
  fi

  environment_id=$(invoke distributedtask environments "project=$project" --http-method GET | jq -r --arg name "$connection" '.value[]? | select(.name == $name) | .id')
  if [ -z "$environment_id" ]; then
    jq -n --arg name "$connection" '{name: $name, description: "RotationFunctions deployments"}' > "$work/environment.json"
    environment_id=$(invoke distributedtask environments "project=$project" --http-method POST --in-file "$work/environment.json" | jq -r .id)
    say "created environment $connection"
  fi
  if [ "$env" = prod ] && [ -n "$approver" ]; then
    checks=$(invoke PipelinesChecks configurations "project=$project" --http-method GET --query-parameters "resourceType=environment" "resourceId=$environment_id")
    if [ "$(jq '[.value[]? | select(.type.name == "Approval")] | length' <<<"$checks")" = "0" ]; then
      jq -n --arg id "$environment_id" --arg approver "$approver" \
        '{type: {id: "8C6F20A7-A545-4486-9777-F762FAFE0D4D", name: "Approval"},
          settings: {approvers: [{id: $approver}], minRequiredApprovers: 1, requesterCannotBeApprover: true, executionOrder: "anyOrder"},
          resource: {type: "environment", id: $id}, timeout: 4320}' > "$work/approval.json"
      invoke PipelinesChecks configurations "project=$project" --http-method POST --in-file "$work/approval.json" >/dev/null
      say "added an approval to environment $connection"
    fi
  fi

  group_vars=(ROTATION_ALERT_EMAIL="$alert_email" ROTATION_ADMIN_GROUP_ID="$admin_group" ROTATION_KEYVAULT_ROLE_ID="$kv_role_id")
  [ -z "$email_role_id" ] || group_vars+=(ROTATION_EMAIL_ROLE_ID="$email_role_id")
  variable_group=$(az pipelines variable-group list "${scope_project[@]}" --group-name "$connection" --query "[0].id" --output tsv)
  if [ -z "$variable_group" ]; then
    az pipelines variable-group create "${scope_project[@]}" --name "$connection" --authorize false --variables "${group_vars[@]}" --output none
    say "created variable group $connection"
  else
    current=$(az pipelines variable-group variable list "${scope_project[@]}" --group-id "$variable_group" --output json)
    for pair in "${group_vars[@]}"; do
      name=${pair%%=*} value=${pair#*=}
      if [ "$(jq -r --arg n "$name" '.[$n].value // "<none>"' <<<"$current")" = "<none>" ]; then
        az pipelines variable-group variable create "${scope_project[@]}" --group-id "$variable_group" --name "$name" --value "$value" --output none
        say "added $name to $connection"
      elif [ "$(jq -r --arg n "$name" '.[$n].value' <<<"$current")" != "$value" ]; then
        az pipelines variable-group variable update "${scope_project[@]}" --group-id "$variable_group" --name "$name" --value "$value" --output none
        say "updated $name in $connection"
      fi
    done
  fi

  if [ "$owner" = true ]; then
    ensure_assignment "$principal_id" "$contributor" "$group_id"
    ensure_assignment "$principal_id" "$rbac_administrator" "$group_id" "$condition"
  fi
done
say "done"

using System.Diagnostics;

namespace RotationFunctions.Infra.Tests;

/// <summary>scripts/whatif-summary.sh on a what-if result shaped as `az deployment group what-if --output json` prints it (an assumption: no Azure here).</summary>
public sealed class WhatIfSummaryTests : IDisposable
{
    private const string WhatIf = """
        {"status":"Succeeded","changes":[
         {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/tableServices/default/tables/Accounts/providers/Microsoft.Authorization/roleAssignments/abc","changeType":"Create","after":{}},
         {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st","changeType":"Modify","delta":[{"path":"properties","propertyChangeType":"Modify","children":[{"path":"publicNetworkAccess","propertyChangeType":"Modify","before":"Enabled","after":"Disabled"}]}]},
         {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv","changeType":"Modify","delta":[{"path":"properties.enablePurgeProtection","propertyChangeType":"Delete","before":true}]},
         {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/func","changeType":"Modify","delta":[{"path":"tags.owner","propertyChangeType":"Modify","before":"a","after":"b"}]},
         {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/components/appi","changeType":"NoChange"}
        ]}
        """;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"whatif-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Summary_CallsOutRoleAssignments_PublicNetworkAccess_AndPurgeProtection_Only()
    {
        await File.WriteAllTextAsync(_file, WhatIf);
        var summary = await RunAsync();

        Assert.Contains("| Modify | 3 |", summary, StringComparison.Ordinal);
        var sections = summary.Split("### ");
        Assert.Contains("- **Create** `Microsoft.Storage/storageAccounts/st/tableServices/default/tables/Accounts/providers/Microsoft.Authorization/roleAssignments/abc`",
            Section(sections, "Role assignments"), StringComparison.Ordinal);
        Assert.Equal("- **Modify** `Microsoft.Storage/storageAccounts/st`", Section(sections, "Public network access").Trim());
        Assert.Equal("- **Modify** `Microsoft.KeyVault/vaults/kv`", Section(sections, "Soft delete").Trim());
        Assert.DoesNotContain("Microsoft.Web/sites/func`", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_SaysNone_WhereNothingChanges()
    {
        await File.WriteAllTextAsync(_file, """{"status":"Succeeded","changes":[]}""");
        var summary = await RunAsync();
        Assert.Equal(3, summary.Split("None.").Length - 1);
    }

    private static string Section(string[] sections, string title) =>
        string.Join('\n', sections.Single(s => s.StartsWith(title, StringComparison.Ordinal)).Split('\n').Skip(1)).Trim();

    private async Task<string> RunAsync()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(BuildInfo.RepoRoot, "scripts", "whatif-summary.sh"));
        start.ArgumentList.Add(_file);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}

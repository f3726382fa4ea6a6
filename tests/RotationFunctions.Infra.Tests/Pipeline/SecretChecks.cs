namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>The pipeline files are in the repository for anyone with read access: no credential may be written in them.</summary>
internal static partial class SecretChecks
{
    private static readonly (Regex Pattern, string What)[] SecretPatterns =
    [
        (new Regex(@"AccountKey=[^;\s]+", RegexOptions.IgnoreCase), "a storage account key"),
        (new Regex(@"SharedAccessKey=[^;\s]+", RegexOptions.IgnoreCase), "a shared access key"),
        (new Regex(@"[?&]sig=[A-Za-z0-9%+/=]{8,}", RegexOptions.IgnoreCase), "a SAS signature"),
        (new Regex(@"(Password|Pwd)=[^;\s]+", RegexOptions.IgnoreCase), "a password in a connection string"),
        (new Regex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
        (new Regex(@"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"), "a JWT"),
        (new Regex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"),
            "a GUID (a subscription, tenant or client id belongs in the service connection or a variable group)"),
    ];

    /// <summary>
    /// No value in the pipeline files looks like a secret: a literal under a secret-sounding key,
    /// a storage/Service Bus key or SAS signature, a private key, a JWT, a GUID (subscription,
    /// tenant and client ids belong to the service connection) or a long random-looking string.
    /// </summary>
    public static IReadOnlyList<string> NoSecretLiterals(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        foreach (var (file, root) in pipeline.Documents)
        {
            foreach (var (path, value) in Yaml.Scalars(root))
            {
                var where = $"{file}: {string.Join('.', path)}";
                if (path.Count > 0 && SecretKey().IsMatch(path[^1]) && value.Trim().Length > 0 && !Expression().IsMatch(value))
                {
                    violations.Add($"{where} holds a literal under a secret-sounding key; use a secret variable or Key Vault.");
                }

                violations.AddRange(SecretPatterns
                    .Select(p => (p.What, Found: p.Pattern.Match(value)))
                    .Where(p => p.Found.Success)
                    .Select(p => $"{where} contains what looks like {p.What}: '{Truncate(p.Found.Value)}'."));
                violations.AddRange(LongToken().Matches(value)
                    .Select(m => m.Value)
                    .Where(t => t.Any(char.IsDigit) && t.Any(char.IsUpper) && t.Any(char.IsLower))
                    .Select(t => $"{where} contains a long random-looking string: '{Truncate(t)}'."));
            }
        }

        return violations;
    }

    private static string Truncate(string s) => s.Length <= 12 ? s : s[..12] + "…";

    // A macro, template expression or runtime expression: the value comes from elsewhere.
    [GeneratedRegex(@"^\s*(\$\(.*\)|\$\{\{.*\}\}|\$\[.*\])\s*$", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"(?i)(password|passwd|secret|token|apikey|api_key|accesskey|access_key|clientsecret|connectionstring|sastoken)")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"[A-Za-z0-9+=_\-]{40,}")]
    private static partial Regex LongToken();
}

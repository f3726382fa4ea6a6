namespace RotationFunctions.StandIns.KeyVault;

/// <summary>
/// The vault's secrets: every version of each name, oldest first. Names compare case-insensitively,
/// as in Key Vault. Versions are immutable records; an update replaces one.
/// </summary>
internal sealed class SecretStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StoredSecretVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);

    public StoredSecretVersion Add(
        string name, string value, string? contentType, IReadOnlyDictionary<string, string> tags,
        bool enabled, DateTimeOffset? notBefore, DateTimeOffset? expiresOn)
    {
        var now = time.GetUtcNow();
        var version = new StoredSecretVersion(
            name, Guid.NewGuid().ToString("N"), value, contentType, tags, enabled, now, now, notBefore, expiresOn);
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }
            versions.Add(version);
        }
        return version;
    }

    /// <summary>The version asked for, or the newest when <paramref name="version"/> is null.</summary>
    public StoredSecretVersion? Find(string name, string? version)
    {
        lock (_gate)
        {
            var versions = _secrets.GetValueOrDefault(name);
            return version is null ? versions?[^1] : versions?.Find(v => IsVersion(v, version));
        }
    }

    /// <summary>Applies <paramref name="change"/> to one version and stamps it updated; null when there is no such version.</summary>
    public StoredSecretVersion? Update(string name, string version, Func<StoredSecretVersion, StoredSecretVersion> change)
    {
        lock (_gate)
        {
            var versions = _secrets.GetValueOrDefault(name);
            var index = versions?.FindIndex(v => IsVersion(v, version)) ?? -1;
            if (index < 0)
            {
                return null;
            }
            return versions![index] = change(versions[index]) with { Updated = time.GetUtcNow() };
        }
    }

    public IReadOnlyList<StoredSecretVersion> Versions(string name)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue(name, out var versions) ? [.. versions] : [];
        }
    }

    public IReadOnlyList<StoredSecretVersion> Newest()
    {
        lock (_gate)
        {
            return [.. _secrets.Values.Select(v => v[^1])];
        }
    }

    private static bool IsVersion(StoredSecretVersion stored, string version) =>
        string.Equals(stored.Version, version, StringComparison.OrdinalIgnoreCase);
}

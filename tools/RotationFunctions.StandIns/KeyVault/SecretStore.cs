namespace RotationFunctions.StandIns.KeyVault;

/// <summary>
/// The vault's secrets: every version of each name, oldest first, and the soft-deleted ones. Names compare
/// case-insensitively, as in Key Vault. Versions are immutable records; an update replaces one.
/// </summary>
/// <remarks>
/// Soft delete is Key Vault's (learn.microsoft.com/rest/api/keyvault/secrets/delete-secret): a deleted name keeps
/// its versions until it is recovered or purged, or until its scheduled purge date, and cannot be set meanwhile.
/// Unlike Key Vault, a delete takes effect at once: the service needs some seconds, during which
/// GET /deletedsecrets/{name} is still 404 (Azure SDK for JS recordings).
/// </remarks>
internal sealed class SecretStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StoredSecretVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DeletedSecret> _deleted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a version; null when the name is deleted but recoverable (nothing is stored then).</summary>
    public StoredSecretVersion? Add(
        string name, string value, string? contentType, IReadOnlyDictionary<string, string> tags,
        bool enabled, DateTimeOffset? notBefore, DateTimeOffset? expiresOn)
    {
        var now = time.GetUtcNow();
        var version = new StoredSecretVersion(
            name, Guid.NewGuid().ToString("N"), value, contentType, tags, enabled, now, now, notBefore, expiresOn);
        lock (_gate)
        {
            if (FindDeletedLocked(name) is not null)
            {
                return null;
            }
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

    /// <summary>Soft-deletes a secret with all its versions; null when there is no such secret.</summary>
    public DeletedSecret? Delete(string name)
    {
        lock (_gate)
        {
            if (!_secrets.Remove(name, out var versions))
            {
                return null;
            }
            return _deleted[name] = new DeletedSecret(versions, time.GetUtcNow());
        }
    }

    /// <summary>The soft-deleted secret of this name, or null.</summary>
    public DeletedSecret? FindDeleted(string name)
    {
        lock (_gate)
        {
            return FindDeletedLocked(name);
        }
    }

    /// <summary>Brings a soft-deleted secret back with all its versions; its newest version, or null when none is deleted.</summary>
    public StoredSecretVersion? Recover(string name)
    {
        lock (_gate)
        {
            if (FindDeletedLocked(name) is not { } deleted)
            {
                return null;
            }
            _deleted.Remove(name);
            _secrets[deleted.Newest.Name] = [.. deleted.Versions];
            return deleted.Newest;
        }
    }

    /// <summary>Removes a soft-deleted secret for good, so its name can be set again; false when none is deleted.</summary>
    public bool Purge(string name)
    {
        lock (_gate)
        {
            return FindDeletedLocked(name) is not null && _deleted.Remove(name);
        }
    }

    /// <summary>Under the lock; a secret past its scheduled purge date is purged here, as Key Vault would have by then.</summary>
    private DeletedSecret? FindDeletedLocked(string name)
    {
        if (!_deleted.TryGetValue(name, out var deleted))
        {
            return null;
        }
        if (time.GetUtcNow() < deleted.ScheduledPurgeDate)
        {
            return deleted;
        }
        _deleted.Remove(name);
        return null;
    }

    private static bool IsVersion(StoredSecretVersion stored, string version) =>
        string.Equals(stored.Version, version, StringComparison.OrdinalIgnoreCase);
}

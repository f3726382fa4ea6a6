namespace RotationFunctions.Storage;

/// <summary>
/// Every table, queue, container and secret name the app uses, configuration section "Names". The
/// defaults are production's (infra/ creates them; an infra test checks it); tests and side-by-side
/// deployments set their own. The handover queue also answers to the HandoverQueueName app setting,
/// which the Functions queue trigger reads as %HandoverQueueName%, and the notice queue to NoticeQueueName.
/// </summary>
public sealed class StorageNames
{
    public const string Section = "Names";

    /// <summary>The Accounts table's one partition. A key, not a name: it never changes.</summary>
    public const string AccountPartition = "account";

    /// <summary>The Functions host moves a message that failed maxDequeueCount times to "&lt;queue&gt;-poison".</summary>
    public const string PoisonSuffix = "-poison";

    private const string TableRule = "^[A-Za-z][A-Za-z0-9]{2,62}$";
    private const string QueueRule = "^[a-z0-9](?!.*--)[a-z0-9-]{1,53}[a-z0-9]$";
    private const string SecretRule = "^[0-9A-Za-z-]{1,100}$";

    [Required, RegularExpression(TableRule)]
    public string AccountsTable { get; set; } = "Accounts";

    [Required, RegularExpression(TableRule)]
    public string ScheduleTable { get; set; } = "Schedule";

    [Required, RegularExpression(TableRule)]
    public string HandoversTable { get; set; } = "Handovers";

    /// <summary>At most 56 characters, so that its poison queue fits the 63 a queue name may have.</summary>
    [Required, RegularExpression(QueueRule)]
    public string HandoverQueue { get; set; } = "handovers";

    public string HandoverPoisonQueue => HandoverQueue + PoisonSuffix;

    /// <summary>Notices to curators and admins (PK account, RK "{slot or boundary}|{kind}"): one row, one send.</summary>
    [Required, RegularExpression(TableRule)]
    public string NoticesTable { get; set; } = "Notices";

    /// <summary>The notices' queue, a message per notice, hidden until it is due. At most 56 characters, as the handover queue.</summary>
    [Required, RegularExpression(QueueRule)]
    public string NoticeQueue { get; set; } = "notices";

    public string NoticePoisonQueue => NoticeQueue + PoisonSuffix;

    [Required, RegularExpression(QueueRule)]
    public string LeaseContainer { get; set; } = "token-leases";

    /// <summary>The curator portal's links: generation and revocation per slot (PK account, RK slot).</summary>
    [Required, RegularExpression(TableRule)]
    public string PortalLinksTable { get; set; } = "PortalLinks";

    /// <summary>Portal posts (PK account, RK post id): claimed before posting, then the audit.</summary>
    [Required, RegularExpression(TableRule)]
    public string PostsTable { get; set; } = "Posts";

    /// <summary>
    /// The portal's rate limits kept for every instance: failed link lookups per client per hour (PK "lookups",
    /// RK hashed client + hour). Posts per link are counted in <see cref="PostsTable"/> itself.
    /// </summary>
    [Required, RegularExpression(TableRule)]
    public string PortalLimitsTable { get; set; } = "PortalLimits";

    /// <summary>The portal's data protection key ring, one blob per key, shared by every instance.</summary>
    [Required, RegularExpression(QueueRule)]
    public string PortalKeyContainer { get; set; } = "portal-keys";

    /// <summary>
    /// What the portal keeps for a while, shared by every instance: the mentions last read from X per slot
    /// ("mentions/{account}/{slot}.json", reads are billed) and images staged until their post is made
    /// ("media/{account}/{post id}/{n}").
    /// </summary>
    [Required, RegularExpression(QueueRule)]
    public string PortalStagingContainer { get; set; } = "staged-images";

    /// <summary>The HMAC key personal portal links are derived with (created when missing).</summary>
    [Required, RegularExpression(SecretRule)]
    public string PortalKeySecret { get; set; } = "portal-key";

    /// <summary>The X app's OAuth 2.0 client id.</summary>
    [Required, RegularExpression(SecretRule)]
    public string ClientIdSecret { get; set; } = "x-client-id";

    /// <summary>The X app's client secret (absent for a public client).</summary>
    [Required, RegularExpression(SecretRule)]
    public string ClientSecretSecret { get; set; } = "x-client-secret";

    /// <summary>Prefix of each account's token bundle secret: "x-tokens-{account id}".</summary>
    [Required, RegularExpression(SecretRule)]
    public string TokenSecretPrefix { get; set; } = "x-tokens-";

    /// <summary>The secret that holds an account's bundle. Account ids are lowercase slugs: letters, digits, '-'.</summary>
    public string TokenSecret(string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (accountId.Length > 127 - TokenSecretPrefix.Length || accountId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            throw new ArgumentException(
                $"Account id '{accountId}' cannot name a Key Vault secret: use letters, digits and '-' (at most {127 - TokenSecretPrefix.Length}).", nameof(accountId));
        }
        return TokenSecretPrefix + accountId;
    }

    /// <summary>Production's names, for code that is not given any (the CLI's defaults, infra checks).</summary>
    public static StorageNames Default => new();
}

using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Schedule;

namespace RotationFunctions.Notices;

/// <summary>
/// The curator's Bluesky app password in their welcome notice (CuratorAccess Bluesky=app-password): read from its Key
/// Vault secret when the welcome is composed, and the secret deleted once the mail went, so the password exists in clear
/// only until then (the secret's expiry bounds it when the delete fails or the welcome never goes). Never logged: the
/// Notices row keeps the subject and recipients, not the text.
/// </summary>
public sealed class WelcomeAppPassword(IServiceProvider services, ILogger<WelcomeAppPassword> logger)
{
    /// <summary><paramref name="welcome"/> with the password and how to sign in, after its link; unchanged without one.</summary>
    public async Task<NoticeContent> AddAsync(NoticeContent welcome, string language, AccountSettings account, Slot slot, CancellationToken cancellationToken)
    {
        if (!account.HandsOverBlueskyAppPasswords || services.GetService<BlueskyAppPasswords>() is not { } appPasswords
            || await appPasswords.ReadForWelcomeAsync(account.Id, slot.RowKey, cancellationToken) is not { } secret)
        {
            return welcome;
        }
        var sv = language == "sv";
        var handle = string.IsNullOrEmpty(secret.Handle) ? account.Id : secret.Handle;
        NoticeContent.Block[] blocks =
        [
            new NoticeContent.Paragraph(sv
                ? $"På Bluesky loggar du in som {handle} med applösenordet nedan (det heter \"{secret.Name}\" i kontots inställningar). Det gäller bara din vecka: det återkallas vid nästa överlämning. Skicka det inte vidare."
                : $"On Bluesky, sign in as {handle} with the app password below (it is called \"{secret.Name}\" in the account's settings). It is yours for your week only: it is revoked at the next handover. Do not pass it on."),
            new NoticeContent.Paragraph(secret.Password),
        ];
        var at = welcome.Blocks.ToList().FindIndex(b => b is NoticeContent.Link) + 1;
        return welcome with { Blocks = [.. welcome.Blocks.Take(at), .. blocks, .. welcome.Blocks.Skip(at)] };
    }

    /// <summary>After a notice's mail went: a welcome's password secret is deleted. Best effort: its expiry is the backstop.</summary>
    public async Task SentAsync(NoticeRecord notice, CancellationToken cancellationToken)
    {
        if (notice.Kind != NoticeKind.Welcome || notice.SlotRowKey is not { } slot || services.GetService<BlueskyAppPasswords>() is not { } appPasswords)
        {
            return;
        }
        try
        {
            await appPasswords.DeleteAfterWelcomeAsync(notice.PartitionKey, slot, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            logger.AppPasswordSecretNotDeleted(notice.PartitionKey, notice.NoticeId, e.Status);
        }
    }
}

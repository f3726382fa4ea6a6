using MailKit.Security;
using RotationFunctions.Notices;
using RotationFunctions.StandIns.Smtp;

namespace RotationFunctions.Tests.Notices;

/// <summary>The SMTP sender against a real SMTP server on 127.0.0.1 (the stand-in), read back with MimeKit.</summary>
public sealed class SmtpNoticeSenderTests : IAsyncLifetime
{
    private SmtpStandIn _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpStandIn.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private SmtpNoticeSender Sender() => new(Options.Create(new NoticeOptions
    {
        Sender = NoticeSenderKind.Smtp,
        From = "rotation@sodersjukhuset.se",
        FromName = "Södersjukhuset",
        Smtp = new SmtpOptions { Host = _smtp.Host, Port = _smtp.Port, Tls = SecureSocketOptions.None, Timeout = TimeSpan.FromSeconds(5) },
    }));

    private static NoticeMail Mail(params string[] to) =>
        new("welcome", to, "Välkommen, Anna!", "Hej Anna,\nvälkommen.", "<p>Hej Anna,</p><p>välkommen.</p>", "sv", "notice.abc123@sodersjukhuset.se");

    [Fact]
    public async Task A_notice_arrives_with_its_text_and_HTML_parts_its_recipients_and_its_own_Message_ID()
    {
        await Sender().SendAsync(Mail("anna@example.se", "komm@example.se"), default);

        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal(["anna@example.se", "komm@example.se"], mail.EnvelopeTo);
        Assert.Equal(["anna@example.se", "komm@example.se"], mail.To);
        Assert.Equal("rotation@sodersjukhuset.se", mail.EnvelopeFrom);
        Assert.Equal("Välkommen, Anna!", mail.Subject);
        Assert.Equal("notice.abc123@sodersjukhuset.se", mail.MessageId);
        Assert.Equal("Hej Anna,\nvälkommen.", mail.TextBody!.ReplaceLineEndings("\n").TrimEnd());
        Assert.Contains("<p>Hej Anna,</p>", mail.HtmlBody);
        Assert.Equal("sv", mail.Language);
        Assert.Equal("Södersjukhuset", mail.Message.From.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task A_recipient_the_relay_refuses_is_a_refusal_naming_the_address_and_nothing_is_delivered()
    {
        _smtp.Refuse("gone@example.se");

        var e = await Assert.ThrowsAsync<NoticeSendException>(() => Sender().SendAsync(Mail("gone@example.se"), default));

        Assert.Equal(NoticeFailureKind.RecipientRefused, e.Kind);
        Assert.Equal("gone@example.se", e.Recipient);
        Assert.Contains("550", e.Message);
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task A_relay_that_is_down_is_a_transient_failure_and_the_same_mail_goes_once_it_is_back()
    {
        _smtp.Unavailable = true;

        var e = await Assert.ThrowsAsync<NoticeSendException>(() => Sender().SendAsync(Mail("anna@example.se"), default));
        Assert.Equal(NoticeFailureKind.Transient, e.Kind);
        Assert.Contains("421", e.Message);
        Assert.Empty(_smtp.Messages);

        _smtp.Unavailable = false;
        await Sender().SendAsync(Mail("anna@example.se"), default);
        Assert.Single(_smtp.Messages);
    }

    [Fact]
    public async Task A_relay_nobody_listens_on_is_a_transient_failure()
    {
        var port = _smtp.Port;
        await _smtp.DisposeAsync();
        var sender = new SmtpNoticeSender(Options.Create(new NoticeOptions
        {
            Sender = NoticeSenderKind.Smtp,
            From = "rotation@sodersjukhuset.se",
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Tls = SecureSocketOptions.None, Timeout = TimeSpan.FromSeconds(5) },
        }));

        var e = await Assert.ThrowsAsync<NoticeSendException>(() => sender.SendAsync(Mail("anna@example.se"), default));

        Assert.Equal(NoticeFailureKind.Transient, e.Kind);
        _smtp = await SmtpStandIn.StartAsync();
    }

    [Theory]
    [InlineData("Notices:Smtp:Host", "", "Notices:Smtp:Host")]
    [InlineData("Notices:Smtp:Port", "0", "Notices:Smtp:Port")]
    [InlineData("Notices:From", "Rotation <rotation@example.se>", "Notices:From")]
    [InlineData("Notices:Smtp:Password", "hunter2-secret", "Notices:Smtp:Username and Notices:Smtp:Password")]
    public void A_bad_SMTP_setting_stops_the_host_at_start_naming_the_setting_and_never_the_password(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notices:Sender"] = "Smtp",
            ["Notices:From"] = "rotation@example.se",
            ["Notices:Smtp:Host"] = "smtp.example.se",
            [key] = value,
        };
        using var services = new ServiceCollection().AddNotices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<NoticeOptions>>().Value);

        Assert.Contains(named, e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void Without_a_sender_notices_need_no_settings()
    {
        using var services = new ServiceCollection().AddNotices(new ConfigurationBuilder().Build()).BuildServiceProvider();

        Assert.False(services.GetRequiredService<IOptions<NoticeOptions>>().Value.Enabled);
    }
}

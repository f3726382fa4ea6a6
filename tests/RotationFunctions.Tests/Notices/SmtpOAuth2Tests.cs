using Azure.Core;
using MailKit.Security;
using RotationFunctions.Notices;
using RotationFunctions.StandIns.Smtp;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// XOAUTH2 for Exchange Online (Notices:Smtp:OAuth2): the sender asks the app's credential for a token for
/// https://outlook.office365.com/.default and logs in as the sending mailbox in the form Microsoft documents
/// ("user={mailbox}^Aauth=Bearer {token}^A^A", base64). The SmtpServer library behind the SMTP stand-in only
/// implements AUTH PLAIN and LOGIN (its AuthenticationMethod), so a whole XOAUTH2 exchange with a server is not
/// tested here: what is, is the mechanism the sender builds and what it does with a relay that offers no AUTH.
/// </summary>
public sealed class SmtpOAuth2Tests : IAsyncLifetime
{
    private const string Mailbox = "rotation@sodersjukhuset.se";
    private const string Token = "eyJ0eXAiOiJKV1Qi.entra-token";

    private readonly RecordingCredential _credential = new();
    private SmtpStandIn _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpStandIn.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private SmtpNoticeSender Sender() => new(Options.Create(new NoticeOptions
    {
        Sender = NoticeSenderKind.Smtp,
        From = Mailbox,
        Smtp = new SmtpOptions { Host = _smtp.Host, Port = _smtp.Port, Tls = SecureSocketOptions.None, Timeout = TimeSpan.FromSeconds(5), Username = Mailbox, OAuth2 = true },
    }), _credential);

    [Fact]
    public async Task The_login_is_XOAUTH2_as_the_mailbox_with_a_token_for_Exchange_Online()
    {
        var sender = Sender();

        var mechanism = await sender.OAuth2Async(new SmtpOptions { Username = Mailbox, OAuth2 = true }, default);

        Assert.Equal("XOAUTH2", mechanism.MechanismName);
        Assert.Equal(["https://outlook.office365.com/.default"], _credential.Scopes);
        var initial = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(mechanism.Challenge(null, default)));
        Assert.Equal($"user={Mailbox}\u0001auth=Bearer {Token}\u0001\u0001", initial);
    }

    [Fact]
    public async Task A_relay_that_offers_no_AUTH_fails_the_notice_for_good_naming_XOAUTH2_and_never_the_token()
    {
        var e = await Assert.ThrowsAsync<NoticeSendException>(() => Sender().SendAsync(
            new NoticeMail("welcome", ["anna@example.se"], "Välkommen", "Hej", "<p>Hej</p>", "sv", "notice.1@sodersjukhuset.se"), default));

        Assert.Equal(NoticeFailureKind.Permanent, e.Kind);
        Assert.Contains("XOAUTH2", e.Message);
        Assert.DoesNotContain(Token, e.ToString());
        Assert.Empty(_smtp.Messages);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(Mailbox, "hunter2")]
    public void OAuth2_needs_the_mailbox_and_no_password_or_the_host_stops_at_start(string? username, string? password)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notices:Sender"] = "Smtp",
            ["Notices:From"] = Mailbox,
            ["Notices:Smtp:Host"] = "smtp.office365.com",
            ["Notices:Smtp:OAuth2"] = "true",
            ["Notices:Smtp:Username"] = username,
            ["Notices:Smtp:Password"] = password,
        };
        using var services = new ServiceCollection().AddNotices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<NoticeOptions>>().Value);

        Assert.Contains("Notices:Smtp:OAuth2", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    /// <summary>The app's credential as the sender sees it: a token for whatever it asks, the scopes recorded.</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

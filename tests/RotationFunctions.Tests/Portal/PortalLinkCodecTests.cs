using System.Security.Cryptography;

namespace RotationFunctions.Tests.Portal;

public sealed class PortalLinkCodecTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    [Fact]
    public void Derive_is_HMAC_SHA256_of_the_length_prefixed_parts_in_base64url()
    {
        var expected = HMACSHA256.HashData(Key, "23:rotation-portal-link-v1|3:sos|10:2027-01-04|15:anna@example.se|1:1|"u8.ToArray());
        var token = PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna@example.se", 1);

        Assert.Equal(Convert.ToBase64String(expected).TrimEnd('=').Replace('+', '-').Replace('/', '_'), token);
        Assert.Equal(43, token.Length);
        Assert.DoesNotContain('=', token);
    }

    [Fact]
    public void The_same_inputs_give_the_same_link_so_every_mail_can_carry_it()
    {
        Assert.Equal(PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna_sv", 1), PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna_sv", 1));
        Assert.True(PortalLinkCodec.Matches(Key, "sos", "2027-01-04", "anna_sv", 1, PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna_sv", 1)));
    }

    [Theory]
    [InlineData("other", "2027-01-04", "anna_sv", 1)]
    [InlineData("sos", "2027-01-11", "anna_sv", 1)]
    [InlineData("sos", "2027-01-04", "ahmed_f", 1)]
    [InlineData("sos", "2027-01-04", "anna_sv", 2)]
    public void A_link_does_not_match_another_account_slot_curator_or_generation(string account, string slot, string curator, int generation)
    {
        var token = PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna_sv", 1);

        Assert.False(PortalLinkCodec.Matches(Key, account, slot, curator, generation, token));
    }

    [Fact]
    public void Parts_cannot_be_shifted_between_fields()
    {
        // Without length prefixes "a|b" + "c" and "a" + "b|c" would sign the same message.
        Assert.NotEqual(PortalLinkCodec.Derive(Key, "sos", "2027-01-04-a", "b", 1), PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "a-b", 1));
        Assert.NotEqual(PortalLinkCodec.Derive(Key, "sos", "2027-01-04|x", "y", 1), PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "x|y", 1));
    }

    [Fact]
    public void Another_key_gives_another_link()
    {
        var other = (byte[])Key.Clone();
        other[0] ^= 1;
        Assert.False(PortalLinkCodec.Matches(other, "sos", "2027-01-04", "anna_sv", 1, PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna_sv", 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("not base64 at all, not base64 at all, not!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_or_guessed_tokens_do_not_match_and_do_not_throw(string token)
    {
        Assert.False(PortalLinkCodec.Matches(Key, "sos", "2027-01-04", "anna_sv", 1, token));
    }

    [Fact]
    public void A_token_with_one_character_changed_does_not_match()
    {
        var token = PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna_sv", 1);
        var changed = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        Assert.False(PortalLinkCodec.Matches(Key, "sos", "2027-01-04", "anna_sv", 1, changed));
    }

    [Theory]
    [InlineData("Anna@Example.se ", "anna_sv", "anna@example.se")]
    [InlineData(null, "@Anna_SV", "anna_sv")]
    [InlineData("  ", "anna_sv", "anna_sv")]
    public void The_curator_is_the_email_else_the_handle_case_and_at_sign_ignored(string? email, string handle, string expected)
    {
        Assert.Equal(expected, PortalLinkCodec.CuratorKey(email, handle));
    }

    [Fact]
    public void A_link_never_shows_its_token_in_ToString()
    {
        var link = new PortalLink("sos", "2027-01-04", 1, PortalLinkCodec.Derive(Key, "sos", "2027-01-04", "anna_sv", 1));

        Assert.DoesNotContain(link.Token, link.ToString(), StringComparison.Ordinal);
        Assert.Equal($"/l/sos/2027-01-04/1/{link.Token}", link.RelativePath);
    }
}

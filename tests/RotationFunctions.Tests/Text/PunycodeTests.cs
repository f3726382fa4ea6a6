namespace RotationFunctions.Tests.Text;

public class PunycodeTests
{
    [Theory]
    [InlineData("bücher", "bcher-kva")]
    [InlineData("☃", "n3h")]
    [InlineData("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye")] // RFC 3492, section 7.1 (B)
    public void Encode_follows_rfc_3492(string label, string expected) => Assert.Equal(expected, Punycode.Encode(label));

    [Theory]
    [InlineData("example", "example")]
    [InlineData("bücher", "xn--bcher-kva")]
    [InlineData("☃。☃", "xn--n3h.xn--n3h")] // punycode.js treats the ideographic full stop as a dot
    public void AsciiLength_is_the_length_of_the_ascii_form(string label, string asciiForm) =>
        Assert.Equal(asciiForm.Length, Punycode.AsciiLength(label));
}

using System.Text;
using PanelImages.Auth;

namespace PanelImages.Tests.Auth;

/// <summary>The TOTP arithmetic against the published test vectors; pure logic, no services.</summary>
public sealed class TotpTests
{
    // RFC 6238 Appendix B, SHA-1: the secret is the ASCII "12345678901234567890", codes are 8 digits.
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void CodesMatchTheRfc6238TestVectors(long unixTime, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime));
        Assert.Equal(expected, Totp.Code(RfcSecret, step, digits: 8));
        Assert.Equal(expected[^6..], Totp.Code(RfcSecret, step)); // 6 digits are the low-order part of the same number
    }

    [Fact]
    public void CodeIsAcceptedOneStepEitherSideAndNotFurther()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        Assert.Equal(step - 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 1), now, 0));
        Assert.Equal(step + 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 1), now, 0));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 2), now, 0));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 2), now, 0));
    }

    [Fact]
    public void CodeOfAStepAlreadyUsedIsRefused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step), now, lastUsedStep: step));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("１２３４５６")] // full-width digits are not ASCII digits
    public void MalformedCodesNeverMatch(string code) =>
        Assert.Null(Totp.Match(RfcSecret, code, DateTimeOffset.UtcNow, 0));

    [Fact]
    public void Base32RoundTripsAndMatchesRfc4648()
    {
        Assert.Equal("MZXW6YTBOI", Base32.Encode("foobar"u8)); // RFC 4648 §10, without padding
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.Encode(RfcSecret));
        var secret = Totp.NewSecret();
        Assert.Equal(secret, Base32.Decode(Base32.Encode(secret)));
        Assert.Throws<FormatException>(() => Base32.Decode("not base32!"));
    }

    [Fact]
    public void OtpauthUriCarriesIssuerLabelAndSecret()
    {
        var uri = new Uri(Totp.Uri("Panel Images", "alice@example", RfcSecret));
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal("/Panel Images:alice@example", Uri.UnescapeDataString(uri.AbsolutePath));
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", query["secret"]);
        Assert.Equal("Panel Images", query["issuer"]);
        Assert.Equal("6", query["digits"]);
        Assert.Equal("30", query["period"]);
    }
}

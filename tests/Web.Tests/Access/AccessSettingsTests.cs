using Microsoft.Extensions.Options;

namespace Web.Tests.Access;

/// <summary>The access settings, checked at start with the others.</summary>
public sealed class AccessSettingsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    [InlineData("30s")]
    public void SessionCheckSeconds_OutOfRangeOrNotANumber_IsListed(string value) =>
        Assert.Contains($"Dashboard:SessionCheckSeconds (env Dashboard__SessionCheckSeconds) is '{value}'; use a whole number of seconds from 1 to 3600",
            Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(("Dashboard:SessionCheckSeconds", value))).Message);

    [Fact]
    public void SessionCheckSeconds_InRange_ValidatesCleanly() => SettingsAtStart.Check(("Dashboard:SessionCheckSeconds", "1"));
}

using System.Text.RegularExpressions;
using NumberDirectory.Server.Tests.Hosting;

namespace NumberDirectory.Server.Tests.Samples;

/// <summary>What samples/asterisk tells an Asterisk administrator.</summary>
public sealed class AsteriskSampleTests
{
    private static readonly string Root = Path.Combine(ConfigurationTests.RepositoryRoot(), "samples", "asterisk");

    [Fact]
    public void ExtensionsConf_DoesNotCallDundiUnbuilt()
    {
        var text = File.ReadAllText(Path.Combine(Root, "extensions.conf"));

        Assert.DoesNotMatch(new Regex(@"once[^.]*built[^.]*DUNDi", RegexOptions.Singleline), text);
        Assert.Contains("DUNDi", text.Split("\n[from-internal]")[0], StringComparison.Ordinal);
    }
}

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// One node for the ENUM response tests: extension 4001 (SIP and IAX2 with credentials, a display name),
/// E.164 numbers +1555010X (H323 and tel), 4002 with a NAPTR override, 4003 with so many routes that its
/// answer does not fit UDP; zones e164.example.net (directory) and e164.arpa (local).
/// </summary>
public sealed class EnumNodeFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    internal TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ranges:0:Pattern"] = "4001",
            ["Ranges:0:DisplayName"] = "Alice Example",
            ["Ranges:0:Routes:0:Uri"] = "sip:${NUMBER}@pbx-b.example.net",
            ["Ranges:0:Routes:0:Weight"] = "10",
            ["Ranges:0:Routes:1:Uri"] = "iax2:guest:secret@pbx-b.example.net/${NUMBER}",
            ["Ranges:0:Routes:1:Weight"] = "20",
            ["Ranges:1:Pattern"] = "+15550100-+15550109",
            ["Ranges:1:Routes:0:Uri"] = "h323:${NUMBER}@gw.example.net",
            ["Ranges:1:Routes:0:Weight"] = "5",
            ["Ranges:1:Routes:1:Uri"] = "tel:+${NUMBER}",
            ["Ranges:1:Routes:1:Weight"] = "50",
            ["Ranges:2:Pattern"] = "4002",
            ["Ranges:2:Routes:0:Uri"] = "sip:${NUMBER}@pbx-c.example.net",
            ["Ranges:2:Routes:0:NaptrService"] = "E2U+sip",
            ["Ranges:2:Routes:0:NaptrOrder"] = "10",
            ["Ranges:2:Routes:0:NaptrPreference"] = "7",
            ["Ranges:3:Pattern"] = "4003",
            ["Enum:Zones:0:Suffix"] = "e164.example.net",
            ["Enum:Zones:1:Suffix"] = "e164.arpa",
            ["Enum:Zones:1:Answers"] = "Local",
        };
        for (var i = 0; i < 16; i++)
        {
            settings[$"Ranges:3:Routes:{i}:Uri"] = $"sip:${{NUMBER}}@pbx-{i:00}.example.net";
            settings[$"Ranges:3:Routes:{i}:Weight"] = $"{i}";
        }

        Node = await TestNode.StartAsync(_temp.Data(), settings);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _temp.Dispose();
    }
}

using System.Globalization;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>The captured ENUM packets in TestData/enum (annotated hex: '#' comments, then hex bytes).</summary>
internal static class EnumFixture
{
    public const string AsteriskQuery = "asterisk-enumlookup-query.hex";
    public const string KnotResponse = "knot-response-4001.hex";

    public static byte[] Load(string name)
    {
        var bytes = new List<byte>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "enum", name)))
        {
            var text = line.Split('#')[0];
            foreach (var pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                bytes.Add(byte.Parse(pair, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return [.. bytes];
    }
}

using System.Text.Json;

namespace NumberDirectory.Core.Tests.Dundi;

/// <summary>TestData/dundi/manifest.json: the fixtures decoded by an independent (Python) decoder.</summary>
internal static class DundiManifest
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(HexFixture.Directory, "manifest.json"))));

    public static JsonElement Entry(string fileName) =>
        Document.Value.RootElement.GetProperty("fixtures").EnumerateArray()
            .Single(f => f.GetProperty("file").GetString() == fileName);

    public static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);
}

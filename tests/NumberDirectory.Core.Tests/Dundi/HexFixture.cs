using System.Globalization;

namespace NumberDirectory.Core.Tests.Dundi;

/// <summary>
/// Reads an annotated golden wire file (TestData/dundi/*.hex): '#' starts a comment, '@name' starts a
/// section, everything else is pairs of hex digits.
/// </summary>
internal sealed class HexFixture
{
    private readonly Dictionary<string, byte[]> _sections;

    private HexFixture(string name, Dictionary<string, byte[]> sections)
    {
        Name = name;
        _sections = sections;
    }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "dundi");

    public string Name { get; }

    /// <summary>The captured UDP payload.</summary>
    public byte[] Wire => _sections["wire"];

    public byte[] this[string section] => _sections[section];

    public bool Has(string section) => _sections.ContainsKey(section);

    /// <summary>Every fixture file name, in exchange order.</summary>
    public static IEnumerable<string> AllNames() =>
        System.IO.Directory.GetFiles(Directory, "*.hex").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>The fixture whose file name starts with "NN-".</summary>
    public static HexFixture Number(int number) =>
        Load(AllNames().Single(n => n.StartsWith(number.ToString("00", CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal)));

    public static HexFixture Load(string name)
    {
        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? current = null;
        var bytes = new List<byte>();
        foreach (var rawLine in File.ReadLines(Path.Combine(Directory, name)))
        {
            var hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.StartsWith('@'))
            {
                if (current is not null)
                {
                    sections[current] = [.. bytes];
                }

                current = line[1..].Trim();
                bytes.Clear();
                continue;
            }

            foreach (var pair in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                bytes.Add(byte.Parse(pair, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            }
        }

        if (current is not null)
        {
            sections[current] = [.. bytes];
        }

        return new HexFixture(name, sections);
    }
}

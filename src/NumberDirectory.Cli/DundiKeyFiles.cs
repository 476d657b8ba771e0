using System.Text.RegularExpressions;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// The public keys a dundi.conf's <c>inkey</c> lines name, read from a key directory the way Asterisk finds
/// them (<c>&lt;name&gt;.pub</c>), so the node can import encrypted peers without reading our files.
/// </summary>
internal static partial class DundiKeyFiles
{
    public static IReadOnlyList<KeyFile> Read(string dundiConf, DirectoryInfo directory)
    {
        var keys = new List<KeyFile>();
        foreach (var name in InKeyNames(dundiConf))
        {
            var path = Path.Combine(directory.FullName, name + ".pub");
            try
            {
                keys.Add(new KeyFile { Name = name, Pem = File.ReadAllText(path) });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--keys {directory}: the key '{name}' an inkey line names: {ex.Message}");
            }
        }

        return keys;
    }

    /// <summary>Each name once, in the order the lines give them; comments (<c>;</c>) are not lines.</summary>
    public static IEnumerable<string> InKeyNames(string dundiConf) =>
        dundiConf.Split('\n')
            .Select(line => InKey().Match(line.Split(';')[0]))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal);

    // Asterisk's config reader takes "inkey = name" and "inkey => name".
    [GeneratedRegex(@"^\s*inkey\s*=>?\s*(?<name>[^\s]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex InKey();
}

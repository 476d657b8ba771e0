using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The JSON file named by <c>--config</c>: it replaces the appsettings.json beside the executable, and
/// the relative paths written in it start at its own directory, wherever the node is started from.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The options that name files or directories.</summary>
    private static readonly string[] PathKeys = ["Node:DataDirectory", "Dundi:PrivateKey"];

    /// <summary>Adds <paramref name="file"/> in place of appsettings*.json, followed by its paths made absolute.</summary>
    public static void Add(IConfigurationBuilder configuration, string file)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // The named file replaces appsettings.json rather than layering over it: arrays such as
        // Ranges merge index by index, so layering would mix entries of both files.
        foreach (var json in configuration.Sources.OfType<JsonConfigurationSource>().Where(s => s.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true).ToList())
        {
            configuration.Sources.Remove(json);
        }

        var path = Path.GetFullPath(file);
        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        var provider = (JsonConfigurationProvider)source.Build(configuration);
        try
        {
            provider.Load();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(Describe(path, ex), ex);
        }

        configuration.Add(source);
        configuration.Add(new MemoryConfigurationSource { InitialData = Paths(provider, Path.GetDirectoryName(path)!) });
    }

    /// <summary>
    /// A file that cannot be loaded, as one line: with the line and column of a JSON syntax error (the
    /// configuration provider wraps System.Text.Json's exception and drops them from its message).
    /// </summary>
    public static string Describe(string file, Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JsonException { LineNumber: { } line } json)
            {
                var reason = json.Message;
                var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                reason = cut > 0 ? reason[..cut] : reason;
                return $"{file}: line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}: {reason}";
            }
        }

        return $"{file}: cannot read: {(exception is InvalidDataException { InnerException: { } inner } ? inner.Message : exception.Message)}";
    }

    /// <summary>The file named in the configuration provider's "Failed to load configuration from file '…'".</summary>
    public static string? NamedIn(InvalidDataException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var start = exception.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = exception.Message.LastIndexOf('\'');
        return start >= 0 && end > start ? exception.Message[(start + 1)..end] : null;
    }

    private static Dictionary<string, string?> Paths(JsonConfigurationProvider provider, string directory)
    {
        var keys = PathKeys.Concat(provider.GetChildKeys([], "Dundi:Peers").Distinct().Select(i => $"Dundi:Peers:{i}:InKey"));
        var resolved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            if (provider.TryGet(key, out var value) && !string.IsNullOrWhiteSpace(value) && !Path.IsPathRooted(value.Trim()))
            {
                resolved[key] = Path.GetFullPath(Path.Combine(directory, value.Trim()));
            }
        }

        return resolved;
    }
}

using Microsoft.Extensions.Configuration.Json;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// One place configuration keys were written (a JSON file, the <c>NUMBERDIRECTORY_</c> environment, the
/// command line) and the keys and values written there, so an unknown key is reported where it can be fixed.
/// </summary>
internal sealed record ConfigurationOrigin(string Name, IReadOnlyList<KeyValuePair<string, string?>> Entries)
{
    /// <summary>Set for the environment: each key is named as the variable that holds it.</summary>
    public string? EnvironmentPrefix { get; init; }

    /// <summary>Where <paramref name="key"/> was written, for a message: "in /etc/node.json", "on the command line".</summary>
    public string Describe(string key) => EnvironmentPrefix is null
        ? Name
        : $"{Name} ({EnvironmentPrefix}{key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal)})";

    /// <summary>Every key of <paramref name="configuration"/>, as one origin.</summary>
    public static ConfigurationOrigin Whole(IConfiguration configuration, string name = "in the configuration") =>
        new(name, [.. configuration.AsEnumerable()]);

    /// <summary>The keys a JSON file holds.</summary>
    public static ConfigurationOrigin File(JsonConfigurationProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var path = provider.Source.FileProvider?.GetFileInfo(provider.Source.Path ?? string.Empty).PhysicalPath ?? provider.Source.Path;
        return new($"in {path}", [.. Paths(provider, null).Select(key => KeyValuePair.Create(key, provider.TryGet(key, out var value) ? value : null))]);
    }

    /// <summary>The keys of the environment variables that start with <paramref name="prefix"/>.</summary>
    public static ConfigurationOrigin Environment(string prefix) =>
        Whole(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build(), "in the environment") with { EnvironmentPrefix = prefix };

    /// <summary>The keys given on the command line.</summary>
    public static ConfigurationOrigin CommandLine(string[] args) =>
        Whole(new ConfigurationBuilder().AddCommandLine(args).Build(), "on the command line");

    private static IEnumerable<string> Paths(IConfigurationProvider provider, string? parent)
    {
        foreach (var key in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = parent is null ? key : ConfigurationPath.Combine(parent, key);
            yield return path;
            foreach (var child in Paths(provider, path))
            {
                yield return child;
            }
        }
    }
}

using System.Collections;
using System.Globalization;
using System.Reflection;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The configuration keys the node knows, read off its options types, so a misspelt key (which the
/// binder silently ignores, leaving the default) is reported with the known key closest to it.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>
    /// Keys of the host the node runs on (logging, Kestrel, the generic host's own settings) and the
    /// command line's <c>--config</c>: known, not checked beneath.
    /// </summary>
    private static readonly string[] HostKeys =
    [
        "Logging", "Kestrel", "AllowedHosts", "config", "urls", "environment", "contentRoot", "applicationName",
        "webroot", "detailedErrors", "captureStartupErrors", "suppressStatusMessages", "shutdownTimeoutSeconds",
        "preventHostingStartup", "hostingStartupAssemblies", "hostingStartupExcludeAssemblies", "startupAssembly",
        "preferHostingUrls", "http_ports", "https_ports", "https_port", "hostBuilder",
    ];

    private static readonly KeyNode Root = BuildRoot();

    /// <summary>
    /// The keys written in <paramref name="origin"/> that no option defines, each reported once at the
    /// first segment that is not known, and values written where a section, list or map expects keys
    /// (the binder ignores both).
    /// </summary>
    public static IReadOnlyList<UnknownKey> Find(ConfigurationOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var unknown = new List<UnknownKey>();
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in origin.Entries.OrderBy(e => e.Key, ConfigurationKeyComparer.Instance))
        {
            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            var node = Root;
            var depth = 0;
            while (depth < segments.Length && node.Child(segments[depth]) is { } next)
            {
                node = next;
                depth++;
            }

            if (depth == segments.Length)
            {
                if (ValueWhereKeysBelong(key, value, node) is { } hint)
                {
                    unknown.Add(new UnknownKey(key, origin, null, hint) { IsValue = true });
                }

                continue;
            }

            var path = string.Join(ConfigurationPath.KeyDelimiter, segments.Take(depth + 1));
            if (reported.Add(path))
            {
                var parent = string.Join(ConfigurationPath.KeyDelimiter, segments.Take(depth));
                unknown.Add(Describe(path, parent, segments[depth], node, origin));
            }
        }

        return unknown;
    }

    /// <summary>The type a known key's value binds to, or null for a section or a key that is not known.</summary>
    public static Type? ValueType(string key) => Resolve(key) is { Kind: KeyKind.Value } node ? node.Type : null;

    private static string? ValueWhereKeysBelong(string key, string? value, KeyNode node) => string.IsNullOrEmpty(value) ? null : node.Kind switch
    {
        KeyKind.Object => $"'{value}' is a value, but {key} is a section; its keys are {string.Join(", ", node.Children!.Keys)}",
        KeyKind.List => $"'{value}' is a value, but {key} is a list; write [ \"{value}\" ] in JSON, or {key}:0 on the command line",
        KeyKind.Map => $"'{value}' is a value, but {key} maps names to values; write {key}:<name>",
        _ => null,
    };

    private static KeyNode? Resolve(string key)
    {
        var node = Root;
        foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter))
        {
            if (node.Child(segment) is not { } next)
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static UnknownKey Describe(string path, string parent, string segment, KeyNode node, ConfigurationOrigin origin)
    {
        var inParent = parent.Length == 0 ? string.Empty : parent + ConfigurationPath.KeyDelimiter;
        switch (node.Kind)
        {
            case KeyKind.List:
                return new UnknownKey(path, origin, null, $"the entries of {parent} are numbered 0, 1, 2, …");
            case KeyKind.Value:
                return new UnknownKey(path, origin, null, $"{parent} takes a value, not keys beneath it");
        }

        var names = node.Children!.Keys.ToList();
        var closest = names
            .Select(name => (Name: name, Distance: EditDistance(segment, name)))
            .Where(c => c.Distance <= Math.Max(1, Math.Max(segment.Length, c.Name.Length) / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
        if (closest is not null)
        {
            return new UnknownKey(path, origin, inParent + closest, null);
        }

        return parent.Length == 0
            ? new UnknownKey(path, origin, null, $"the sections are {string.Join(", ", names.Except(HostKeys))} (and the host's {string.Join(", ", HostKeys.Take(3))})")
            : new UnknownKey(path, origin, null, $"the keys of {parent} are {string.Join(", ", names)}");
    }

    /// <summary>Optimal string alignment distance, ignoring case: a swap of two letters counts as one edit.</summary>
    internal static int EditDistance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    // The sections NumberDirectoryExtensions.AddNodeOptions binds; Ranges is bound at the root.
    private static KeyNode BuildRoot()
    {
        var children = new Dictionary<string, KeyNode>(StringComparer.OrdinalIgnoreCase)
        {
            [NodeOptions.Section] = For(typeof(NodeOptions)),
            [LookupOptions.Section] = For(typeof(LookupOptions)),
            [HttpOptions.Section] = For(typeof(HttpOptions)),
            [AgiOptions.Section] = For(typeof(AgiOptions)),
            [AnswerCacheOptions.Section] = For(typeof(AnswerCacheOptions)),
            [DundiOptions.Section] = For(typeof(DundiOptions)),
            [DialStringsOptions.Section] = For(typeof(DialStringsOptions)),
            [AdminOptions.Section] = For(typeof(AdminOptions)),
            [AuditOptions.Section] = For(typeof(AuditOptions)),
            [EnumOptions.Section] = For(typeof(EnumOptions)),
            [UpstreamOptions.Section] = For(typeof(UpstreamOptions)),
        };
        foreach (var (name, node) in For(typeof(RangesOptions)).Children!)
        {
            children[name] = node;
        }

        foreach (var name in HostKeys)
        {
            children[name] = KeyNode.Any;
        }

        return new KeyNode(KeyKind.Object, null, children, null);
    }

    private static KeyNode For(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(decimal) || underlying == typeof(TimeSpan))
        {
            return new KeyNode(KeyKind.Value, underlying, null, null);
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new KeyNode(KeyKind.Map, underlying, null, For(underlying.GetGenericArguments()[1]));
        }

        if (underlying.IsArray)
        {
            return new KeyNode(KeyKind.List, underlying, null, For(underlying.GetElementType()!));
        }

        if (underlying.IsGenericType && typeof(IEnumerable).IsAssignableFrom(underlying))
        {
            return new KeyNode(KeyKind.List, underlying, null, For(underlying.GetGenericArguments()[0]));
        }

        var children = underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, p => For(p.PropertyType), StringComparer.OrdinalIgnoreCase);
        return new KeyNode(KeyKind.Object, underlying, children, null);
    }

    private enum KeyKind
    {
        Value,
        Object,
        List,
        Map,
        Any,
    }

    private sealed record KeyNode(KeyKind Kind, Type? Type, Dictionary<string, KeyNode>? Children, KeyNode? Item)
    {
        public static readonly KeyNode Any = new(KeyKind.Any, null, null, null);

        public KeyNode? Child(string segment) => Kind switch
        {
            KeyKind.Any => this,
            KeyKind.Object => Children!.GetValueOrDefault(segment),
            KeyKind.List => int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? Item : null,
            KeyKind.Map => Item,
            _ => null,
        };
    }
}

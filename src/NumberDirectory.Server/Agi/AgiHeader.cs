namespace NumberDirectory.Server.Agi;

/// <summary>
/// The <c>agi_name: value</c> lines Asterisk sends before anything else, and what the lookup needs
/// from them: the number (<c>agi_arg_1</c>, else <c>agi_extension</c>) and the script's query string.
/// </summary>
/// <remarks>docs/architecture.md §FastAGI door: <c>AGI(agi://host[:4573]/script?query,arg1,...)</c>.</remarks>
internal sealed class AgiHeader
{
    /// <summary>Most lines accepted; Asterisk sends about 25 plus one per argument.</summary>
    public const int MaxLines = 200;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>Adds one header line; false when it is not an <c>agi_*: value</c> line.</summary>
    public bool TryAdd(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 4 || !line.StartsWith("agi_", StringComparison.Ordinal))
        {
            return false;
        }

        var name = line.AsSpan(0, colon);
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        _values[name.ToString()] = line[(colon + 1)..].Trim();
        return true;
    }

    /// <summary>The number to look up: the first AGI argument, or the extension being dialled.</summary>
    public string? Number => this["agi_arg_1"] is { Length: > 0 } argument ? argument : this["agi_extension"];

    /// <summary>
    /// The script name and query of the AGI URL: from <c>agi_network_script</c> (<c>lookup?timeout=0.5</c>),
    /// else from the path of <c>agi_request</c> (<c>agi://host:4573/lookup?timeout=0.5</c>).
    /// </summary>
    public (string Script, IReadOnlyDictionary<string, string> Query) Script()
    {
        var script = this["agi_network_script"];
        if (string.IsNullOrEmpty(script) && this["agi_request"] is { } request)
        {
            var scheme = request.IndexOf("://", StringComparison.Ordinal);
            var path = scheme < 0 ? -1 : request.IndexOf('/', scheme + 3);
            script = path < 0 ? string.Empty : request[(path + 1)..];
        }

        script ??= string.Empty;
        var question = script.IndexOf('?', StringComparison.Ordinal);
        var name = (question < 0 ? script : script[..question]).Trim('/');
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (question >= 0)
        {
            foreach (var pair in script[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                query[Unescape(key)] = Unescape(value);
            }
        }

        return (name, query);
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}

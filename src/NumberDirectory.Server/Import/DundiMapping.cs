namespace NumberDirectory.Server.Import;

/// <summary>
/// A <c>[mappings]</c> line of dundi.conf:
/// <c>dundicontext => localcontext,weight,tech,dest[,option…]</c>.
/// </summary>
/// <param name="Context">The DUNDi context the numbers are published in.</param>
/// <param name="LocalContext">The extensions.conf context whose extensions are published.</param>
/// <param name="Weight">Route weight; 0 means this node's answer is authoritative.</param>
/// <param name="Technology">IAX2, SIP, PJSIP, H323, … as written.</param>
/// <param name="Destination">The dest string with its variables (<c>${NUMBER}</c>, <c>${SECRET}</c>, …).</param>
/// <param name="Options">Options after the dest, lower case (<c>nopartial</c>, <c>residential</c>, …).</param>
public sealed record DundiMapping(string Context, string LocalContext, int Weight, string Technology, string Destination, IReadOnlyList<string> Options)
{
    /// <summary>Reads a mapping line; <paramref name="error"/> says what is malformed.</summary>
    public static bool TryParse(ConfLine line, out DundiMapping? mapping, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        mapping = null;
        var fields = line.Value.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length < 4 || fields[..4].Any(f => f.Length == 0))
        {
            error = "expected 'context => localcontext,weight,tech,dest[,options]'";
            return false;
        }

        if (!int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight > 59_999)
        {
            error = $"weight '{fields[1]}' is not a number from 0 to 59999 (a variable weight cannot be imported)";
            return false;
        }

        mapping = new DundiMapping(line.Key!, fields[0], weight, fields[2], fields[3], [.. fields[4..].Where(f => f.Length > 0).Select(f => f.ToLowerInvariant())]);
        error = null;
        return true;
    }
}

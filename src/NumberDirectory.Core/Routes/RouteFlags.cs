using System.Diagnostics.CodeAnalysis;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// Flags carried with a route. The values are DUNDi's answer flags; the first three are
/// the match outcome (see <see cref="Numbers.MatchKind"/>), the rest describe the destination.
/// </summary>
/// <remarks>docs/protocols/dundi.md §ANSWER (flags).</remarks>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "named after DUNDi's answer flags, which it carries bit for bit")]
public enum RouteFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>The number exists at this route.</summary>
    Exists = 0x1,

    /// <summary>More digits could match at this route.</summary>
    MatchMore = 0x2,

    /// <summary>The number can match here (now or with more digits).</summary>
    CanMatch = 0x4,

    /// <summary>Asterisk IGNOREPAT: the dialplan should not wait for more digits.</summary>
    IgnorePattern = 0x8,

    /// <summary>The destination is residential.</summary>
    Residential = 0x10,

    /// <summary>The destination is commercial.</summary>
    Commercial = 0x20,

    /// <summary>The destination is a mobile number.</summary>
    Mobile = 0x40,

    /// <summary>No unsolicited calls.</summary>
    NoUnsolicited = 0x80,

    /// <summary>No commercial unsolicited calls (DUNDi spells it NOCOMUNSOLICIT).</summary>
    NoCommercialUnsolicited = 0x100,
}

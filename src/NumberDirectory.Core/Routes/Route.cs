using System.Diagnostics.CodeAnalysis;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// One way to reach a published range: a URI template, a weight (lower is tried first), DUNDi flags
/// and optional NAPTR overrides. Created only through <see cref="TryCreate"/>, so the weight is in range.
/// </summary>
/// <remarks>docs/architecture.md §Routes; docs/protocols/dundi.md §ANSWER (weight 0–59999).</remarks>
public sealed record Route
{
    /// <summary>Highest weight DUNDi carries; 0 means authoritative and is tried first.</summary>
    public const ushort MaxWeight = 59999;

    private Route(RouteTemplate template, ushort weight, RouteFlags flags, NaptrOverride? naptr)
    {
        Template = template;
        Weight = weight;
        Flags = flags;
        Naptr = naptr;
    }

    /// <summary>The URI template the number is put into.</summary>
    public RouteTemplate Template { get; }

    /// <summary>The weight, 0–59999, lower first; it is also the default NAPTR preference.</summary>
    public ushort Weight { get; }

    /// <summary>Flags sent with DUNDi answers for this route.</summary>
    public RouteFlags Flags { get; }

    /// <summary>NAPTR fields that replace the defaults, or null.</summary>
    public NaptrOverride? Naptr { get; }

    /// <summary>Validates and creates a route.</summary>
    public static bool TryCreate(RouteTemplate template, int weight, RouteFlags flags, NaptrOverride? naptr,
        [NotNullWhen(true)] out Route? route, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(template);
        route = null;
        if (weight is < 0 or > MaxWeight)
        {
            error = $"weight {weight} is out of range: use 0 to {MaxWeight} (lower is tried first; 0 is authoritative)";
            return false;
        }

        route = new Route(template, (ushort)weight, flags, naptr);
        error = null;
        return true;
    }

    /// <summary>Creates a route or throws <see cref="ArgumentOutOfRangeException"/> naming the weight range.</summary>
    public static Route Create(RouteTemplate template, int weight, RouteFlags flags = RouteFlags.None, NaptrOverride? naptr = null) =>
        TryCreate(template, weight, flags, naptr, out var route, out var error)
            ? route
            : throw new ArgumentOutOfRangeException(nameof(weight), weight, error);
}

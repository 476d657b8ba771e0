namespace NumberDirectory.Server.Hosting;

/// <summary>Budgets and lifetimes of lookups. Section <c>Lookup</c>.</summary>
public sealed class LookupOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Lookup";

    /// <summary>Deadline of a front-door lookup when the request names none, in milliseconds.</summary>
    public int DefaultTimeoutMs { get; set; } = 1000;

    /// <summary>The longest deadline a request may ask for, in milliseconds.</summary>
    public int MaxTimeoutMs { get; set; } = 5000;

    /// <summary>Hops a front-door request may travel through the mesh (DUNDi TTL).</summary>
    public int HopBudget { get; set; } = 32;

    /// <summary>How long a "not found" may be cached, in seconds.</summary>
    public int NegativeTtlSeconds { get; set; } = 30;

    /// <summary>How long others may cache an answer from our own ranges, in seconds.</summary>
    public int LocalAnswerTtlSeconds { get; set; } = 300;
}

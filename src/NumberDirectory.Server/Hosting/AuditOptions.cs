namespace NumberDirectory.Server.Hosting;

/// <summary>The audit log of admin changes in the data file (README "Audit log"). Section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Audit";

    /// <summary>Most entries kept; past it the oldest go first.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>Entries older than this many days go; 0 keeps them whatever their age (within <see cref="MaxEntries"/>).</summary>
    public int MaxAgeDays { get; set; } = 365;
}

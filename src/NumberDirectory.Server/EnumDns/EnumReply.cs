namespace NumberDirectory.Server.EnumDns;

/// <summary>An answer decided, and for how long its encoded form may answer the same question again.</summary>
/// <param name="Answer">What to send.</param>
/// <param name="Reusable">How long the same question (name, type, EDNS shape) may get the same bytes; zero for never.</param>
/// <param name="Lookup">The lookup's result when the pipeline was asked (for metrics and the watch stream), or null.</param>
internal sealed record EnumReply(DnsAnswer Answer, TimeSpan Reusable, Core.Lookup.LookupResult? Lookup = null)
{
    /// <summary>The lookup's status when the pipeline was asked, or null.</summary>
    public Core.Lookup.LookupStatus? Status => Lookup?.Status;
}

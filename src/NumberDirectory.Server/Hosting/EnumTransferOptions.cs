namespace NumberDirectory.Server.Hosting;

/// <summary>Who may transfer one zone: <c>Enum:Zones:N:Transfer</c>.</summary>
/// <remarks>docs/protocols/enum.md §Zone transfer.</remarks>
public sealed class EnumTransferOptions
{
    /// <summary>Client networks (CIDR) allowed to transfer the zone; empty means loopback only.</summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>
    /// The name of an <c>Enum:TsigKeys</c> entry a transfer must be signed with (RFC 8945), or empty
    /// for none. NOTIFY messages to the zone's secondaries are signed with it too.
    /// </summary>
    public string? TsigKey { get; set; }
}

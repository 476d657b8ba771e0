using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>A dynamic peer's registration as kept in the data file.</summary>
public sealed class RegistrationDocument
{
    /// <summary>The peer's EID, as text.</summary>
    [BsonId]
    public string Id { get; set; } = string.Empty;

    /// <summary>The address it registered from.</summary>
    public string Address { get; set; } = string.Empty;

    public int Port { get; set; }

    /// <summary>When the registration lapses unless the peer registers again.</summary>
    public DateTime UntilUtc { get; set; }
}

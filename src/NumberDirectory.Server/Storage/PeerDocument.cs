using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>A runtime peer as kept in the data file: its settings as the admin API gave them.</summary>
public sealed class PeerDocument
{
    /// <summary>The peer's EID, as text.</summary>
    [BsonId]
    public string Id { get; set; } = string.Empty;

    /// <summary>An IP address, or <c>dynamic</c>.</summary>
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; }

    /// <summary><c>symmetric</c>, <c>outbound</c> or <c>inbound</c>.</summary>
    public string Model { get; set; } = string.Empty;

    public List<string> Include { get; set; } = [];

    public List<string> Permit { get; set; } = [];

    /// <summary><c>primary</c>, <c>secondary</c>, <c>tertiary</c> or <c>quartiary</c>.</summary>
    public string Order { get; set; } = string.Empty;

    public bool Qualify { get; set; }

    public int QualifyMaxMs { get; set; }

    public bool Register { get; set; }

    public bool Precache { get; set; }

    /// <summary>The peer's public key, PEM text; empty for a plaintext peer.</summary>
    public string InKey { get; set; } = string.Empty;

    /// <summary>When it was last added or changed.</summary>
    public DateTime ChangedUtc { get; set; }
}

namespace NumberDirectory.Server.Import;

/// <summary>A peer being assembled from a dundi.conf peer section, shaped like <c>DundiPeerOptions</c>.</summary>
public sealed record ImportedPeer(string Id)
{
    /// <summary>IP address or <c>dynamic</c>; null until a usable <c>host</c> line is read.</summary>
    public string? Host { get; set; }

    /// <summary>UDP port.</summary>
    public int Port { get; set; } = 4520;

    /// <summary>Model as written, or null when the section names none.</summary>
    public string? Model { get; set; }

    /// <summary>Contexts we ask the peer about.</summary>
    public List<string> Include { get; } = [];

    /// <summary>Contexts the peer may ask us about.</summary>
    public List<string> Permit { get; } = [];

    /// <summary>Order tier.</summary>
    public string Order { get; set; } = "primary";

    /// <summary>Probe the peer.</summary>
    public bool Qualify { get; set; } = true;

    /// <summary>Lag threshold of the probe.</summary>
    public int QualifyMaxMs { get; set; } = 2000;

    /// <summary>The peer's public key file (<c>inkey</c>); empty for plaintext.</summary>
    public string InKey { get; set; } = string.Empty;

    /// <summary>We register with this peer (<c>register = yes</c>).</summary>
    public bool Register { get; set; }

    /// <summary>We push our numbers to this peer (<c>precache = outbound</c>).</summary>
    public bool Precache { get; set; }
}

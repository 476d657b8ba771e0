namespace NumberDirectory.Server.Dundi;

/// <summary>One peer (an entry of <c>Dundi:Peers</c>), as Asterisk's dundi.conf peer sections describe one.</summary>
public sealed class DundiPeerOptions
{
    /// <summary>The peer's EID, e.g. <c>00:00:5e:00:53:0b</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Its address (IP literal or host name), or <c>dynamic</c> for a peer that registers with us.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Its UDP port.</summary>
    public int Port { get; set; } = 4520;

    /// <summary><c>symmetric</c> (both ways), <c>outbound</c> (we ask it) or <c>inbound</c> (it asks us).</summary>
    public string Model { get; set; } = "symmetric";

    /// <summary>Contexts we ask this peer about (outbound/symmetric).</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>Contexts this peer may ask us about (inbound/symmetric).</summary>
    public List<string> Permit { get; set; } = [];

    /// <summary>Order tier: <c>primary</c>, <c>secondary</c>, <c>tertiary</c> or <c>quartiary</c>; only the best tier with a live peer is asked.</summary>
    public string Order { get; set; } = "primary";

    /// <summary>Probe the peer (NULL) to know when it is dead or lagged.</summary>
    public bool Qualify { get; set; } = true;

    /// <summary>A round trip above this many milliseconds marks the peer lagged.</summary>
    public int QualifyMaxMs { get; set; } = 2000;

    /// <summary>Register with this peer (it knows us as <c>dynamic</c>), every 60 s, so it can reach us.</summary>
    public bool Register { get; set; }

    /// <summary>Push the numbers we publish to this peer (PRECACHERQ) so it can answer them without asking.</summary>
    public bool Precache { get; set; }

    /// <summary>
    /// The peer's RSA-1024 public key (PEM), like Asterisk's <c>inkey</c>. Set: everything exchanged with
    /// this peer is encrypted and its plaintext queries are refused. Empty: plaintext.
    /// </summary>
    public string InKey { get; set; } = string.Empty;
}

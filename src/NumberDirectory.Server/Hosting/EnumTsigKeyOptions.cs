namespace NumberDirectory.Server.Hosting;

/// <summary>A shared TSIG key, written as Knot and NSD write theirs: an entry of <c>Enum:TsigKeys</c>.</summary>
/// <remarks>RFC 8945; docs/protocols/enum.md §Zone transfer.</remarks>
public sealed class EnumTsigKeyOptions
{
    /// <summary>The key's name, a domain name both sides use, e.g. <c>xfr-key</c> or <c>knot1.example.net</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The algorithm: <c>hmac-sha256</c>, the only one accepted.</summary>
    public string Algorithm { get; set; } = "hmac-sha256";

    /// <summary>The secret, base64 (what <c>keymgr -t</c> or <c>tsig-keygen</c> print).</summary>
    public string Secret { get; set; } = string.Empty;
}

namespace NumberDirectory.Server.EnumDns;

/// <summary>A shared HMAC-SHA256 key for signing transfers and NOTIFY messages.</summary>
/// <remarks>RFC 8945 §4.</remarks>
/// <param name="Name">The key's name, normalized (lower case, no final dot).</param>
/// <param name="Secret">The secret octets.</param>
internal sealed record TsigKey(string Name, byte[] Secret)
{
    /// <summary>Never the secret: records print themselves in logs and test failures.</summary>
    public override string ToString() => $"TSIG key {Name} (hmac-sha256)";
}

using System.Collections.Immutable;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Dundi;

/// <summary>Typed readers over <see cref="Elements"/>; malformed and unknown elements are skipped.</summary>
public sealed partial record DundiMessage
{
    /// <summary>The context assumed when CALLED_CONTEXT is absent.</summary>
    public const string DefaultContext = "e164";

    /// <summary>
    /// The first EID or EID_DIRECT: the sender of a query (or of an ENCRYPT), by which it is authorised.
    /// </summary>
    /// <remarks>docs/protocols/dundi.md §Inbound authorisation.</remarks>
    public NodeId? FirstEid
    {
        get
        {
            foreach (var element in Elements)
            {
                if (element.Type is DundiIeType.Eid or DundiIeType.EidDirect && element.TryGetEid(out var eid))
                {
                    return eid;
                }
            }

            return null;
        }
    }

    /// <summary>The path list: every EID and EID_DIRECT in order (sender first, root last).</summary>
    /// <remarks>Read for every query answered: a loop, not a chain of iterators.</remarks>
    public ImmutableArray<NodeId> Eids
    {
        get
        {
            var count = 0;
            foreach (var element in Elements)
            {
                if (element.Type is DundiIeType.Eid or DundiIeType.EidDirect && element.TryGetEid(out _))
                {
                    count++;
                }
            }

            var eids = ImmutableArray.CreateBuilder<NodeId>(count);
            foreach (var element in Elements)
            {
                if (element.Type is DundiIeType.Eid or DundiIeType.EidDirect && element.TryGetEid(out var eid))
                {
                    eids.Add(eid);
                }
            }

            return eids.MoveToImmutable();
        }
    }

    /// <summary>CALLED_NUMBER, or null.</summary>
    public string? CalledNumber => FirstString(DundiIeType.CalledNumber);

    /// <summary>CALLED_CONTEXT, or <c>e164</c> when absent.</summary>
    public string CalledContext => FirstString(DundiIeType.CalledContext) ?? DefaultContext;

    /// <summary>TTL, or null.</summary>
    public ushort? Ttl => FirstUInt16(DundiIeType.Ttl);

    /// <summary>VERSION, or null.</summary>
    public ushort? Version => FirstUInt16(DundiIeType.Version);

    /// <summary>EXPIRATION in seconds, or null.</summary>
    public ushort? Expiration => FirstUInt16(DundiIeType.Expiration);

    /// <summary>REQEID, or null.</summary>
    public NodeId? RequestedEid =>
        Elements.Where(e => e.Type == DundiIeType.RequestedEid).Select(e => e.TryGetEid(out var eid) ? eid : (NodeId?)null).FirstOrDefault(e => e is not null);

    /// <summary>Every ANSWER in wire order (not sorted: Asterisk does not sort them).</summary>
    public ImmutableArray<DundiAnswer> Answers =>
        [.. Elements.Select(e => e.TryGetAnswer(out var answer) ? answer : null).OfType<DundiAnswer>()];

    /// <summary>The first HINT, or null.</summary>
    public DundiHint? Hint => Elements.Select(e => e.TryGetHint(out var hint) ? hint : null).FirstOrDefault(h => h is not null);

    /// <summary>The first CAUSE, or null.</summary>
    public DundiCause? Cause => Elements.Select(e => e.TryGetCause(out var cause) ? cause : null).FirstOrDefault(c => c is not null);

    /// <summary>The command byte in an UNKNOWN IE, or null.</summary>
    public byte? UnknownCommand =>
        Elements.Where(e => e.Type == DundiIeType.UnknownCommand && e.IsWellFormed).Select(e => (byte?)e.Value.Span[0]).FirstOrDefault();

    /// <summary>True when CACHEBYPASS is present.</summary>
    public bool CacheBypass => Elements.Any(e => e.Type == DundiIeType.CacheBypass && e.IsWellFormed);

    /// <summary>KEYCRC32, or null.</summary>
    public uint? KeyCrc32 =>
        Elements.Select(e => e.TryGetUInt32(out var crc) ? crc : (uint?)null).FirstOrDefault(c => c is not null);

    /// <summary>The 128 SHAREDKEY bytes, or null.</summary>
    public ReadOnlyMemory<byte>? SharedKey => FirstValue(DundiIeType.SharedKey);

    /// <summary>The 128 SIGNATURE bytes, or null.</summary>
    public ReadOnlyMemory<byte>? Signature => FirstValue(DundiIeType.Signature);

    /// <summary>ENCDATA (IV and ciphertext), or null.</summary>
    public ReadOnlyMemory<byte>? EncryptedData => FirstValue(DundiIeType.EncryptedData);

    /// <summary>The first string IE of a type (contact fields such as ORGANIZATION), or null.</summary>
    public string? GetString(DundiIeType type) => FirstString(type);

    private string? FirstString(DundiIeType type)
    {
        foreach (var element in Elements)
        {
            if (element.Type == type)
            {
                return element.GetString();
            }
        }

        return null;
    }

    private ushort? FirstUInt16(DundiIeType type)
    {
        foreach (var element in Elements)
        {
            if (element.Type == type && element.TryGetUInt16(out var value))
            {
                return value;
            }
        }

        return null;
    }

    private ReadOnlyMemory<byte>? FirstValue(DundiIeType type)
    {
        foreach (var element in Elements)
        {
            if (element.Type == type && element.IsWellFormed)
            {
                return element.Value;
            }
        }

        return null;
    }
}

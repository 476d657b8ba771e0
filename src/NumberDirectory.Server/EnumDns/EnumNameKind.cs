namespace NumberDirectory.Server.EnumDns;

/// <summary>What a name inside a zone is.</summary>
internal enum EnumNameKind
{
    /// <summary>Outside every zone served.</summary>
    Outside,

    /// <summary>The zone's apex (SOA, NS).</summary>
    Apex,

    /// <summary>Reversed digits, one per label, at most 15: a number to look up.</summary>
    Number,

    /// <summary>Inside the zone but not a number (a label that is not one digit, or more than 15): it does not exist.</summary>
    NotANumber,
}

namespace NumberDirectory.Server.EnumDns;

/// <summary>What response rate limiting lets the door do with one UDP answer.</summary>
/// <remarks>docs/protocols/enum.md §Response rate limiting.</remarks>
internal enum RateLimitAction
{
    /// <summary>Under the limit, or a trusted network: answer in full.</summary>
    Answer,

    /// <summary>Over the limit, this one's turn to slip: header and question with TC set, so a real client asks over TCP.</summary>
    Slip,

    /// <summary>Over the limit: send nothing.</summary>
    Drop,
}

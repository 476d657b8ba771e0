namespace NumberDirectory.Server.EnumDns;

/// <summary>What the responder takes from the <c>Enum</c> and <c>Lookup</c> sections.</summary>
/// <param name="Timeout">The budget of one lookup (<c>Enum:TimeoutMs</c>).</param>
/// <param name="HopBudget">Hops a lookup may travel (<c>Lookup:HopBudget</c>).</param>
internal sealed record EnumResponderOptions(TimeSpan Timeout, int HopBudget);

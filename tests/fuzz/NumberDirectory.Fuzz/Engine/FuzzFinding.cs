namespace NumberDirectory.Fuzz.Engine;

/// <summary>An input that made the target throw (<c>crash</c>) or run past the time limit (<c>hang</c>).</summary>
public sealed record FuzzFinding(string Kind, string Signature, byte[] Input, string Detail)
{
    /// <summary>The input as hex, ready to paste into a regression test.</summary>
    public string InputHex => Convert.ToHexString(Input);

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Signature}: input {InputHex}{Environment.NewLine}{Detail}";
}

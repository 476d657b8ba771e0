namespace NumberDirectory.Server.Dundi;

/// <summary>What this node tells peers that ask who it is (EIDQUERY).</summary>
public sealed class DundiContactOptions
{
    public string Department { get; set; } = string.Empty;

    public string Organization { get; set; } = string.Empty;

    public string Locality { get; set; } = string.Empty;

    public string StateProvince { get; set; } = string.Empty;

    public string Country { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;
}

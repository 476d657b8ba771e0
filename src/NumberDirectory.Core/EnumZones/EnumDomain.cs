using System.Diagnostics.CodeAnalysis;
using System.Text;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.EnumZones;

/// <summary>
/// Numbers to ENUM domain names and back: the digits reversed, one label each, under a suffix
/// (<c>+15550101</c> under <c>e164.example.net</c> is <c>1.0.1.0.5.5.5.1.e164.example.net</c>).
/// </summary>
/// <remarks>RFC 6116 §2.4; docs/protocols/enum.md §Numbers and domains.</remarks>
public static class EnumDomain
{
    /// <summary>Longest domain name in presentation form without the final dot (RFC 1035 §2.3.4: 255 octets on the wire).</summary>
    public const int MaxNameLength = 253;

    /// <summary>Longest label, RFC 1035 §2.3.4.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>
    /// The domain of <paramref name="number"/> under <paramref name="suffix"/>; false for a number that
    /// has no ENUM form (one with <c>*</c> or <c>#</c>).
    /// </summary>
    public static bool TryGetName(DialNumber number, string suffix, [NotNullWhen(true)] out string? name)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        name = null;
        var digits = number.Digits;
        if (string.IsNullOrEmpty(digits) || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var text = new StringBuilder((digits.Length * 2) + suffix.Length);
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            text.Append(digits[i]).Append('.');
        }

        name = text.Append(Normalize(suffix)).ToString();
        return true;
    }

    /// <summary>
    /// The E.164 number a name under <paramref name="suffix"/> asks for: every label below the suffix one
    /// digit, at most <see cref="DialNumber.MaxE164Digits"/> of them. False for the suffix itself and for
    /// names that are not numbers. Names compare without regard to case; a final dot is ignored.
    /// </summary>
    public static bool TryGetNumber(string name, string suffix, out DialNumber number)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(suffix);
        number = default;
        var full = Normalize(name);
        var zone = Normalize(suffix);
        if (full.Length <= zone.Length + 1
            || !full.EndsWith(zone, StringComparison.Ordinal)
            || full[full.Length - zone.Length - 1] != '.')
        {
            return false;
        }

        var labels = full[..(full.Length - zone.Length - 1)].Split('.');
        if (labels.Length > DialNumber.MaxE164Digits || labels.Any(l => l.Length != 1 || !char.IsAsciiDigit(l[0])))
        {
            return false;
        }

        var digits = new StringBuilder("+", labels.Length + 1);
        for (var i = labels.Length - 1; i >= 0; i--)
        {
            digits.Append(labels[i]);
        }

        return DialNumber.TryParse(digits.ToString(), out number, out _);
    }

    /// <summary>A name in the form the node compares and stores: lower case, no final dot.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        return (trimmed.EndsWith('.') ? trimmed[..^1] : trimmed).ToLowerInvariant();
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot be a zone or server name (letters, digits, <c>-</c> and <c>_</c>
    /// in labels of 1–63 characters, at most 253 in all), or null when it can.
    /// </summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "is empty; write a domain name like e164.example.net";
        }

        var normalized = Normalize(name);
        if (normalized.Length == 0)
        {
            return "is the root; write a domain name like e164.example.net";
        }

        if (normalized.Length > MaxNameLength)
        {
            return $"'{name}' is {normalized.Length} characters long; a domain name has at most {MaxNameLength}";
        }

        foreach (var label in normalized.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength)
            {
                return $"'{name}' has an empty label or one longer than {MaxLabelLength} characters";
            }

            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return $"'{name}' has a label with characters other than letters, digits, '-' and '_'";
            }
        }

        return null;
    }
}

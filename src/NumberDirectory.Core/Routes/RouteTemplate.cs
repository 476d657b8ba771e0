using System.Diagnostics.CodeAnalysis;
using System.Text;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// How a published range is reached: a URI with the dialled number as <c>${NUMBER}</c>, e.g.
/// <c>sip:${NUMBER}@pbx-b.example</c>, <c>sip:${NUMBER}@pbx-w.example.net;transport=wss</c>,
/// <c>iax2:guest@pbx-b.example:4569/${NUMBER:1}</c> or <c>tel:+${NUMBER}</c>. Immutable; validated when
/// parsed so every door can render its expansions.
/// </summary>
/// <remarks>
/// docs/architecture.md §Routes and §Route rendering. <c>${NUMBER}</c> is the
/// number's digits without <c>+</c>; <c>${NUMBER:offset}</c> and <c>${NUMBER:offset:length}</c>
/// follow Asterisk's substring rules. Asterisk's rotating <c>${SECRET}</c> (dundi.conf mappings) is
/// internal to Asterisk and not supported: use an IAX2 guest user or a static secret.
/// Characters that would break a dial string, a DUNDi dest or a NAPTR regexp (space, quotes,
/// <c>!</c>, <c>,</c>, <c>&amp;</c>, <c>|</c>, …) are refused here, once, rather than escaped by every door.
/// SIP uri-parameters (<c>;transport=tls</c>, <c>;user=phone</c>, <c>;lr</c>, …) are checked as
/// <see cref="RouteUri"/> checks them (RFC 3261 §19.1.1).
/// </remarks>
public sealed class RouteTemplate
{
    /// <summary>Longest template accepted: a NAPTR character-string is at most 255 octets (RFC 3403 §4.1).</summary>
    public const int MaxLength = 255;

    /// <summary>Stands in for the number while checking a template's fixed parts form a valid URI.</summary>
    private const string Placeholder = "1";

    private readonly IReadOnlyList<Part> _parts;

    private RouteTemplate(string text, RouteScheme scheme, IReadOnlyList<Part> parts)
    {
        Text = text;
        Scheme = scheme;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The URI scheme, which decides how each door renders the route.</summary>
    public RouteScheme Scheme { get; }

    /// <summary>True when the template uses <c>${NUMBER}</c>; false for a fixed destination (e.g. one gateway user).</summary>
    public bool UsesNumber => _parts.Any(p => p.Literal is null);

    /// <summary>Parses a template, returning a message that says what is wrong and how to fix it.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RouteTemplate? template, [NotNullWhen(false)] out string? error)
    {
        template = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the route template is empty: write a URI such as sip:${NUMBER}@pbx-b.example";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"the route template is {text.Length} characters long; at most {MaxLength} fit in a NAPTR record";
            return false;
        }

        if (!TrySplit(text, out var parts, out error))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var dollar = text.IndexOf('$', StringComparison.Ordinal);
        if (colon <= 0 || (dollar >= 0 && dollar < colon))
        {
            error = $"'{text}' has no URI scheme: start it with sip:, sips:, iax2:, h323: or tel:";
            return false;
        }

        if (!RouteUri.TryParseScheme(text[..colon], out var scheme, out error))
        {
            return false;
        }

        var sample = Expand(parts, _ => Placeholder);
        if (!RouteUri.TryParse(sample, out _, out var uriError))
        {
            error = $"'{text}' does not make a valid {RouteUri.SchemeName(scheme)} URI: {uriError}";
            return false;
        }

        template = new RouteTemplate(text, scheme, parts);
        return true;
    }

    /// <summary>Parses a template or throws <see cref="FormatException"/> with the reason.</summary>
    public static RouteTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template : throw new FormatException(error);

    /// <summary>The concrete URI text for <paramref name="number"/>; not re-validated (see <see cref="TryExpand"/>).</summary>
    public string Expand(DialNumber number) => Expand(_parts, slice => slice.Apply(number.Digits ?? string.Empty));

    /// <summary>The parts of the number the template uses, in order (ENUM wildcard regexps capture them).</summary>
    internal IEnumerable<NumberSlice> Slices => _parts.Where(p => p.Literal is null).Select(p => p.Slice);

    /// <summary>The template with each use of the number replaced by what <paramref name="number"/> gives for it.</summary>
    internal string Expand(Func<NumberSlice, string> number) => Expand(_parts, number);

    /// <summary>
    /// Expands and parses the URI for <paramref name="number"/>. Fails when this number cannot fill the
    /// template, e.g. <c>${NUMBER:1}</c> of a one-digit number leaves an empty user, or an extension
    /// with <c>*</c> in <c>tel:+${NUMBER}</c>.
    /// </summary>
    public bool TryExpand(DialNumber number, out RouteUri uri, [NotNullWhen(false)] out string? error) =>
        RouteUri.TryParse(Expand(number), out uri, out error);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string Expand(IReadOnlyList<Part> parts, Func<NumberSlice, string> number)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Literal ?? number(part.Slice));
        }

        return text.ToString();
    }

    private static bool TrySplit(string text, out IReadOnlyList<Part> parts, [NotNullWhen(false)] out string? error)
    {
        var list = new List<Part>();
        parts = list;
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '$')
            {
                if (i + 1 >= text.Length || text[i + 1] != '{')
                {
                    error = $"'$' at position {i + 1} must start a variable: write ${{NUMBER}}";
                    return false;
                }

                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    error = $"'${{' at position {i + 1} is never closed: write ${{NUMBER}} or ${{NUMBER:offset:length}}";
                    return false;
                }

                if (!TryParseVariable(text[(i + 2)..close], out var slice, out error))
                {
                    return false;
                }

                if (literal.Length > 0)
                {
                    list.Add(new Part(literal.ToString(), default));
                    literal.Clear();
                }

                list.Add(new Part(null, slice));
                i = close;
                continue;
            }

            if (Forbidden(c) is { } reason)
            {
                error = $"'{UriSyntax.Printable(c)}' at position {i + 1} is not allowed: {reason}";
                return false;
            }

            literal.Append(c);
        }

        if (literal.Length > 0)
        {
            list.Add(new Part(literal.ToString(), default));
        }

        error = null;
        return true;
    }

    private static bool TryParseVariable(string body, out NumberSlice slice, [NotNullWhen(false)] out string? error)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? body : body[..colon];
        if (name == "NUMBER")
        {
            return NumberSlice.TryParse(body[name.Length..], out slice, out error);
        }

        slice = default;
        error = name.ToUpperInvariant() switch
        {
            "SECRET" => "Asterisk's rotating ${SECRET} is not supported; use IAX2 guest or static credentials (iax2:user:secret@host/${NUMBER})",
            "EXTEN" => $"${{{body}}} is Asterisk's dialplan variable; in a route template the number is ${{NUMBER}} (e.g. ${{NUMBER{body[name.Length..]}}})",
            "NUMBER" => $"variable names are upper case: write ${{NUMBER{body[name.Length..]}}}",
            "IPADDR" => "${IPADDR} is not supported: write the host name or address of the PBX itself",
            _ => $"unknown variable ${{{body}}}: the only variable is ${{NUMBER}}, optionally ${{NUMBER:offset}} or ${{NUMBER:offset:length}}",
        };
        return false;
    }

    private static string? Forbidden(char c) => c switch
    {
        ' ' or '\t' => "a space would split the dial string; percent-encode it (%20) if the user part really has one",
        '"' or '\'' or '`' => "quotes would break the dial string and the NAPTR record",
        '!' => "'!' is the NAPTR regexp delimiter",
        '\\' => "backslashes are escapes in NAPTR regexps and dialplans",
        ',' or '|' => "it separates arguments of Asterisk's Dial()",
        '&' => "it joins several Dial() targets",
        '(' or ')' or '<' or '>' or '{' or '}' or '^' => "routes are URIs without brackets other than an IPv6 [address]",
        _ when char.IsControl(c) || c > '~' => "only printable ASCII is allowed; percent-encode anything else",
        _ => null,
    };

    /// <summary>A run of fixed text (<see cref="Literal"/>) or, when that is null, a use of the number.</summary>
    private readonly record struct Part(string? Literal, NumberSlice Slice);
}

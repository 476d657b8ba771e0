using System.Text;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// <see cref="RouteTemplate.TryParse"/> and <see cref="RouteUri.TryParse"/> on the same text. Never throw; a
/// template keeps its text, parses again, and expands for any number without throwing; a URI's text
/// (rebuilt from its parts) parses again to the same parts and the same text.
/// </summary>
public sealed class RouteTemplateTarget : IFuzzTarget
{
    private static readonly DialNumber[] Numbers = [DialNumber.Parse("4001"), DialNumber.Parse("+74951234567"), DialNumber.Parse("1"), DialNumber.Parse("*97#")];

    public string Name => "route-template";

    public IReadOnlyList<byte[]> Seeds => TextSeeds.RouteTemplates;

    public IReadOnlyList<byte[]> Tokens => TextSeeds.RouteTokens;

    public int MaxInputLength => 400;

    public string Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        var outcome = "template refused";
        if (RouteTemplate.TryParse(text, out var template, out var error))
        {
            FuzzInvariantException.Check(template.Text == text && template.ToString() == text, "a parsed template does not keep its text");
            FuzzInvariantException.Check(RouteTemplate.TryParse(template.Text, out var again, out _) && again.Scheme == template.Scheme, "a template's text does not parse again");
            foreach (var number in Numbers)
            {
                _ = template.Expand(number);
                _ = template.TryExpand(number, out _, out _);
            }

            outcome = "template " + template.Scheme;
        }
        else
        {
            FuzzInvariantException.Check(!string.IsNullOrEmpty(error), "a refused template has no reason");
        }

        if (RouteUri.TryParse(text, out var uri, out _))
        {
            // The text is rebuilt from the parts: the scheme in lower case, a port without leading zeros.
            FuzzInvariantException.Check(uri.ToString() == uri.Text && uri.Text.Length <= text.Length, "a parsed URI's text grew");
            FuzzInvariantException.Check(
                RouteUri.TryParse(uri.Text, out var again, out _) && again.Equals(uri) && again.Text == uri.Text,
                "a URI's text parses again to other parts");
            _ = uri.HostPort;
            return outcome + ", uri " + uri.Scheme;
        }

        return outcome + ", uri refused";
    }

    public void Dispose()
    {
    }
}

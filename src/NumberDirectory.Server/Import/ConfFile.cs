namespace NumberDirectory.Server.Import;

/// <summary>
/// An Asterisk configuration file read the way Asterisk's config loader documents it: <c>;</c>
/// comments (<c>\;</c> is a literal semicolon, <c>;-- … --;</c> a block comment), <c>[section]</c>
/// headers with <c>(!)</c> templates, <c>(name)</c> inheritance and <c>(+)</c> continuations,
/// <c>#include</c>/<c>#exec</c> directives, and <c>key = value</c> or <c>key => value</c> entries.
/// </summary>
public sealed class ConfFile
{
    private ConfFile(string name)
    {
        Name = name;
    }

    /// <summary>The file name as given, used in reports.</summary>
    public string Name { get; }

    /// <summary>Sections in file order.</summary>
    public List<ConfSection> Sections { get; } = [];

    /// <summary>Lines that could not be read: directives, entries before any section, text without <c>=</c>.</summary>
    public List<ConfLine> Stray { get; } = [];

    /// <summary>Every meaningful line, for accounting.</summary>
    public List<ConfLine> Lines { get; } = [];

    /// <summary>Reads <paramref name="text"/>; never fails, unreadable lines end up in <see cref="Stray"/>.</summary>
    public static ConfFile Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = new ConfFile(name);
        ConfSection? current = null;
        var inBlockComment = false;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var content = StripComment(raw.TrimEnd('\r'), ref inBlockComment).Trim();
            if (content.Length == 0)
            {
                continue;
            }

            var line = ReadLine(name, number, content);
            file.Lines.Add(line);
            if (line.IsDirective)
            {
                file.Stray.Add(line);
            }
            else if (line.Key is null && content.StartsWith('['))
            {
                current = file.OpenSection(line, content);
            }
            else if (line.Key is null || current is null)
            {
                file.Stray.Add(line);
            }
            else
            {
                current.Entries.Add(line);
            }
        }

        return file;
    }

    /// <summary>The first section called <paramref name="name"/> (ignoring case), or null.</summary>
    public ConfSection? Find(string name) => Sections.FirstOrDefault(s => s.Is(name));

    private ConfSection OpenSection(ConfLine line, string content)
    {
        var close = content.IndexOf(']', StringComparison.Ordinal);
        var name = (close < 0 ? content[1..] : content[1..close]).Trim();
        var options = new List<string>();
        var rest = close < 0 ? string.Empty : content[(close + 1)..].Trim();
        if (rest.StartsWith('(') && rest.EndsWith(')'))
        {
            options.AddRange(rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        if (options.Contains("+") && Find(name) is { } existing)
        {
            existing.Continuations.Add(line);
            return existing;
        }

        var section = new ConfSection(name, line, options.Contains("!"), [.. options.Where(o => o is not "!" and not "+")]);
        Sections.Add(section);
        return section;
    }

    private static ConfLine ReadLine(string name, int number, string content)
    {
        if (content.StartsWith('#') || content.StartsWith('['))
        {
            return new ConfLine(name, number, content, null, string.Empty);
        }

        var equals = content.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return new ConfLine(name, number, content, null, string.Empty);
        }

        var value = content[(equals + 1)..];
        if (value.StartsWith('>'))
        {
            value = value[1..];
        }

        return new ConfLine(name, number, content, content[..equals].Trim(), value.Trim());
    }

    // Asterisk treats ';' as a comment unless escaped; the escape is removed from the value.
    private static string StripComment(string line, ref bool inBlockComment)
    {
        var text = new System.Text.StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (inBlockComment)
            {
                if (string.CompareOrdinal(line, i, "--;", 0, 3) == 0)
                {
                    inBlockComment = false;
                    i += 2;
                }

                continue;
            }

            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == ';')
            {
                text.Append(';');
                i++;
            }
            else if (line[i] == ';')
            {
                if (string.CompareOrdinal(line, i, ";--", 0, 3) != 0)
                {
                    break;
                }

                inBlockComment = true;
                i += 2;
            }
            else
            {
                text.Append(line[i]);
            }
        }

        return text.ToString();
    }
}

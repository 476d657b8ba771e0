using System.Text;
using System.Text.RegularExpressions;

namespace NumberDirectory.Core.Tests;

/// <summary>
/// Comments and documents cite the project's own docs (a file under <c>docs/</c>, then <c>§</c> and one of
/// its headings) or RFCs, never notes kept outside the repository: every cited docs file exists and has the
/// cited heading, so a renamed section breaks this test instead of leaving a dangling reference.
/// </summary>
public partial class DocsCitationTests
{
    private static readonly string[] ScannedFolders = ["src", "tests", "samples", "protos", "docs"];

    [Fact]
    public void SectionCitations_InSourcesAndDocs_NameAFileAndHeadingThatExist()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var headings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var problems = new List<string>();
        var sourceSections = 0;
        foreach (var citation in Citations(root))
        {
            var path = Path.Combine(root, citation.Document.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(path))
            {
                problems.Add($"{citation.Where}: cites {citation.Document}, which is not in the repository");
                continue;
            }

            if (citation.Section is null)
            {
                continue;
            }

            if (!headings.TryGetValue(citation.Document, out var known))
            {
                known = Headings(File.ReadAllLines(path));
                headings[citation.Document] = known;
            }

            sourceSections += citation.Where.StartsWith("src/", StringComparison.Ordinal) ? 1 : 0;
            if (!known.Any(h => StartsWithHeading(citation.Section, h)))
            {
                var shown = citation.Section.Length > 50 ? citation.Section[..50] + "…" : citation.Section;
                problems.Add($"{citation.Where}: {citation.Document} has no section '{shown}'");
            }
        }

        problems = [.. problems.Distinct()];
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Prepend($"{problems.Count} broken citation(s):")));
        Assert.True(sourceSections > 0, "no 'docs/….md §Section' citation found in src/: the sources should cite the project's docs");
    }

    [Fact]
    public void Sources_CiteNoDocumentOutsideTheRepository()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var problems = new List<string>();
        foreach (var file in ScannedFiles(root).Append(Path.Combine(root, "README.md")))
        {
            var markdown = file.EndsWith(".md", StringComparison.Ordinal);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var where = $"{Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')}:{i + 1}";
                foreach (Match match in OutsideReference().Matches(lines[i]))
                {
                    problems.Add($"{where}: '{match.Value}' is outside the repository; cite docs/ or an RFC");
                }

                // Code may build paths of its own; comments and documents name files for readers.
                if (!markdown && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in MarkdownPath().Matches(Url().Replace(lines[i], string.Empty)))
                {
                    if (!File.Exists(Path.Combine(root, match.Value)) && !File.Exists(Path.Combine(Path.GetDirectoryName(file)!, match.Value)))
                    {
                        problems.Add($"{where}: '{match.Value}' is not in the repository; cite docs/ or an RFC");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Prepend($"{problems.Count} reference(s) to documents outside the repository:")));
    }

    /// <summary>
    /// Every <c>docs/….md</c> named in a comment block (.cs) or paragraph (.md), and the text after each
    /// <c>§</c> with the document it refers to. In a comment block a docs path holds for every <c>§</c> after
    /// it until an RFC or standard is named (<c>RFC 3403 §4.1</c> is not a docs section). In a document, a
    /// <c>§</c> right after a docs path refers to that file, and any other bare <c>§</c> to the document itself.
    /// </summary>
    private static IEnumerable<Citation> Citations(string root)
    {
        foreach (var file in ScannedFiles(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            var markdown = relative.EndsWith(".md", StringComparison.Ordinal);
            foreach (var (line, text) in Blocks(file))
            {
                string? document = null;
                Match? previous = null;
                foreach (Match token in CitationToken().Matches(text))
                {
                    if (token.Value.StartsWith("docs/", StringComparison.Ordinal))
                    {
                        document = token.Value;
                        yield return new Citation($"{relative}:{line}", document, null);
                    }
                    else if (token.Value == "§")
                    {
                        var adjacent = previous is not null && string.IsNullOrWhiteSpace(text[(previous.Index + previous.Length)..token.Index]);
                        var cited = !markdown ? document
                            : adjacent && previous!.Value.StartsWith("docs/", StringComparison.Ordinal) ? previous.Value
                            : adjacent && previous!.Value != "§" ? null
                            : relative;
                        if (cited is not null)
                        {
                            yield return new Citation($"{relative}:{line}", cited, text[(token.Index + 1)..].TrimStart());
                        }
                    }
                    else
                    {
                        document = null;
                    }

                    previous = token;
                }
            }
        }
    }

    /// <summary>Runs of consecutive comment lines of a .cs file, or paragraphs of a .md file, each joined into one line.</summary>
    private static IEnumerable<(int Line, string Text)> Blocks(string file)
    {
        var markdown = file.EndsWith(".md", StringComparison.Ordinal);
        var lines = File.ReadAllLines(file);
        var block = new StringBuilder();
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i].Trim() : string.Empty;
            var part = markdown ? line : line.StartsWith("//", StringComparison.Ordinal) ? line.TrimStart('/').Trim() : null;
            var continues = markdown ? part!.Length > 0 : part is not null;
            if (continues && i < lines.Length)
            {
                if (block.Length == 0)
                {
                    start = i + 1;
                }

                block.Append(part).Append(' ');
                continue;
            }

            if (block.Length > 0)
            {
                yield return (start, block.ToString());
                block.Clear();
            }

            // A code line may still end in a comment that cites something.
            if (!markdown && i < lines.Length && line.Contains("docs/", StringComparison.Ordinal))
            {
                yield return (i + 1, line);
            }
        }
    }

    /// <summary>The headings of a markdown file, outside fenced code blocks.</summary>
    private static List<string> Headings(string[] lines)
    {
        var headings = new List<string>();
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced && Heading().Match(line) is { Success: true } heading)
            {
                headings.Add(heading.Groups[1].Value.Trim());
            }
        }

        return headings;
    }

    private static bool StartsWithHeading(string cited, string heading) =>
        cited.StartsWith(heading, StringComparison.Ordinal)
        && (cited.Length == heading.Length || !char.IsLetterOrDigit(cited[heading.Length]));

    private static IEnumerable<string> ScannedFiles(string root) =>
        ScannedFolders
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"docs/[A-Za-z0-9_\-/]+\.md|RFC ?\d+|ITU-T [A-Z]\.\d+|IEEE \d+|§")]
    private static partial Regex CitationToken();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    // The design notes, specs and fixtures the project was started from live outside the repository.
    [GeneratedRegex(@"\bspecs\/|\bshared\/|\.\.\/fixtures")]
    private static partial Regex OutsideReference();

    /// <summary>A markdown file named by path, resolved from the repository root or the naming file's folder.</summary>
    [GeneratedRegex(@"(?<![\w./-])[\w./-]+\.md(?!\w)")]
    private static partial Regex MarkdownPath();

    [GeneratedRegex(@"\w+://\S+")]
    private static partial Regex Url();

    private sealed record Citation(string Where, string Document, string? Section);
}

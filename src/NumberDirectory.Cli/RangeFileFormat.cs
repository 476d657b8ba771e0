using System.CommandLine;

namespace NumberDirectory.Cli;

/// <summary><c>--format csv|json</c> of <c>ranges import</c> and <c>ranges export</c>; without it, the file's extension decides (CSV unless <c>.json</c>).</summary>
internal static class RangeFileFormat
{
    public const string Csv = "csv";
    public const string Json = "json";

    public static Option<string> Option()
    {
        var option = new Option<string>("--format") { Description = "csv or json (default: json for a .json file, else csv)", HelpName = "format" };
        option.AcceptOnlyFromAmong(Csv, Json);
        return option;
    }

    public static string Of(string? given, string? file) =>
        given ?? (file is not null && file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Json : Csv);
}

using System.CommandLine;

namespace NumberDirectory.Cli;

/// <summary>
/// The options every admin command takes: where the node is, how to trust and authenticate to it, and
/// whether to print for people or for scripts. One instance per parser: System.CommandLine symbols know
/// their parents, so they are not shared between command trees.
/// </summary>
internal sealed class CommonArguments
{
    public const string TokenVariable = "NUMDIR_TOKEN";

    public Option<AdminTarget> Server { get; } = new("--server", "-s")
    {
        Description = "The node's admin API: http://host:port, https://host:port, or host:port (cleartext)",
        HelpName = "url",
        Recursive = true,
        DefaultValueFactory = _ => new AdminTarget(new Uri(AdminTarget.Default)),
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (AdminTarget.TryParse(text, out var target))
            {
                return target;
            }

            result.AddError($"--server '{text}' is not an admin address like http://127.0.0.1:50051, https://node.example.net:50051 or 127.0.0.1:50051");
            return null;
        },
    };

    public Option<FileInfo> Ca { get; } = new("--ca")
    {
        Description = "PEM file of the CA (or the certificate itself) to trust for an https:// node, instead of the system's",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = $"Admin token, sent as 'authorization: Bearer'; default: ${TokenVariable}",
        HelpName = "token",
        Recursive = true,
    };

    /// <summary>The token given, else the environment's; never a default value, which help would print.</summary>
    public string TokenOf(ParseResult parse) =>
        parse.GetValue(Token) ?? Environment.GetEnvironmentVariable(TokenVariable) ?? string.Empty;

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's messages as JSON (one document; watch: one object per line)",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Ca);
        command.Options.Add(Token);
        command.Options.Add(Json);
    }
}

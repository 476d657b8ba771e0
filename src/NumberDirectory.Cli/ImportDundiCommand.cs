using System.CommandLine;
using System.Globalization;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir import-dundi</c>: sends an Asterisk dundi.conf (and extensions.conf, and the inkey public keys) to
/// the node, which translates them into peers and ranges (NodeService.ImportDundi). A dry run by default;
/// <c>--apply</c> creates them. The files are read here and sent as text: the node never reads our paths.
/// </summary>
internal static class ImportDundiCommand
{
    public static Command Create(CommonArguments common)
    {
        var dundi = new Option<FileInfo>("--dundi") { Description = "Asterisk's dundi.conf", HelpName = "file", Required = true };
        var extensions = new Option<FileInfo>("--extensions") { Description = "Asterisk's extensions.conf (the contexts the mappings point into)", HelpName = "file" };
        var keys = new Option<DirectoryInfo>("--keys") { Description = "Asterisk's key directory: <name>.pub for each inkey name", HelpName = "dir" };
        var apply = new Option<bool>("--apply") { Description = "Create the peers and ranges (default: a dry run that changes nothing)" };
        var command = new Command("import-dundi", "Translate an Asterisk dundi.conf into the node's peers and ranges") { dundi, extensions, keys, apply };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var request = new ImportDundiRequest { DundiConf = Read(parse.GetRequiredValue(dundi), "--dundi"), Apply = parse.GetValue(apply) };
            if (parse.GetValue(extensions) is { } extensionsFile)
            {
                request.ExtensionsConf = Read(extensionsFile, "--extensions");
            }

            if (parse.GetValue(keys) is { } keyDirectory)
            {
                request.Keys.AddRange(DundiKeyFiles.Read(request.DundiConf, keyDirectory));
            }

            var imported = await new NodeService.NodeServiceClient(session.Channel).ImportDundiAsync(request, session.Call(ct));
            await (session.Json ? session.WriteJsonAsync(imported) : WriteAsync(session.Output, imported));

            // A dry run that an apply would refuse says so in its status too, as the refused apply would.
            return imported.Conflicts.Count > 0 ? NumdirCommand.ExitRefused : NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static string Read(FileInfo file, string option)
    {
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {file}: {ex.Message}");
        }
    }

    private static async Task WriteAsync(TextWriter output, ImportDundiResponse imported)
    {
        await output.WriteLineAsync(imported.Applied ? "applied: the peers and ranges below were created" : "dry run: nothing changed (--apply creates the peers and ranges below)").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"\npeers ({imported.Peers.Count}):")).ConfigureAwait(false);
        var peers = new TextTable("EID", "ADDRESS", "MODEL", "ORDER", "INCLUDE", "PERMIT", "KEY");
        foreach (var peer in imported.Peers)
        {
            peers.Add(peer.Id, PeerText.Address(peer), PeerText.Model(peer.Model), peer.Order.Length > 0 ? peer.Order : "primary", string.Join(',', peer.Include), string.Join(',', peer.Permit), peer.InKey.Length > 0 ? "encrypted" : "plaintext");
        }

        await peers.WriteAsync(output).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"\nranges ({imported.Ranges.Count}):")).ConfigureAwait(false);
        var ranges = new TextTable("CONTEXT", "PATTERN", "MERGE", "ROUTES");
        foreach (var range in imported.Ranges)
        {
            ranges.Add(RangeText.Context(range.Context), range.Pattern, range.Merge ? "yes" : "no", string.Join(", ", range.Routes.Select(RangeText.Route)));
        }

        await ranges.WriteAsync(output).ConfigureAwait(false);
        if (imported.Issues.Count > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"\nnot translated ({imported.Issues.Count}):")).ConfigureAwait(false);
        }

        foreach (var issue in imported.Issues)
        {
            var kind = issue.Kind == ImportIssueKind.NotNeeded ? "not needed" : "NOT TRANSLATED";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{issue.File}:{issue.Line}: {kind}: {issue.Text.Trim()}: {issue.Reason}")).ConfigureAwait(false);
            if (issue.Advice.Length > 0)
            {
                await output.WriteLineAsync($"    {issue.Advice}").ConfigureAwait(false);
            }
        }

        if (imported.Conflicts.Count > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"\n--apply would refuse ({imported.Conflicts.Count}), and create nothing:")).ConfigureAwait(false);
            foreach (var conflict in imported.Conflicts)
            {
                await output.WriteLineAsync($"  {conflict}").ConfigureAwait(false);
            }
        }

        if (imported.TopologyJson.Length > 0)
        {
            await output.WriteLineAsync("\nfor appsettings.json (not changed by the import):").ConfigureAwait(false);
            await output.WriteLineAsync(imported.TopologyJson.TrimEnd()).ConfigureAwait(false);
        }
    }
}

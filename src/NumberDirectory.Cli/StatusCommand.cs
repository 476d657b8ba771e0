using System.CommandLine;
using System.Globalization;
using Grpc.Health.V1;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir status</c>: who the node is, where its doors listen, what it holds (NodeService.GetNodeInfo), and
/// whether it can serve (grpc.health.v1). A node that answers but reports NOT_SERVING exits 69.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CommonArguments common)
    {
        var command = new Command("status", "The node's identity, doors, counts and health");
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var info = await new NodeService.NodeServiceClient(session.Channel).GetNodeInfoAsync(new GetNodeInfoRequest(), session.Call(ct));
            var health = await new Health.HealthClient(session.Channel).CheckAsync(new HealthCheckRequest(), session.Call(ct));
            var exit = health.Status == HealthCheckResponse.Types.ServingStatus.Serving ? NumdirCommand.ExitOk : NumdirCommand.ExitUnavailable;
            if (session.Json)
            {
                // One document: the two messages under their own keys.
                await session.Output.WriteLineAsync($"{{ \"node\": {JsonOutput.Format(info)}, \"health\": {JsonOutput.Format(health)} }}");
                return exit;
            }

            var output = session.Output;
            await output.WriteLineAsync($"node      {info.Eid}");
            await output.WriteLineAsync($"version   {info.Version}");
            await output.WriteLineAsync($"health    {health.Status.ToString().ToUpperInvariant()}");
            await output.WriteLineAsync($"started   {info.StartedAt?.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} (up {Uptime(info.Uptime?.ToTimeSpan() ?? TimeSpan.Zero)})");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"holds     {info.Ranges} range(s), {info.Peers} peer(s), {info.CacheEntries} cached answer(s)"));
            await output.WriteLineAsync($"data      {info.DataFile}");
            var doors = new TextTable("DOOR", "ADDRESS", "TRANSPORT");
            foreach (var listener in info.Listeners)
            {
                doors.Add(listener.Door, listener.Address.Length > 0 ? listener.Address : "off", listener.Transport);
            }

            await output.WriteLineAsync();
            await doors.WriteAsync(output);
            return exit;
        }, ct));
        return command;
    }

    private static string Uptime(TimeSpan uptime) => uptime.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)uptime.TotalDays}d {uptime:hh\\:mm\\:ss}")
        : uptime.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}

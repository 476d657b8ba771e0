using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Http;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Compiles the code a call needs before the node reports it started, so the first call after a
/// start is not the one that pays for it while a dialplan waits. Before the doors open it looks up
/// one published number of each context and renders the answer the way each door does; once they
/// are listening (and before the host says it started) it runs the HTTP lookup endpoint and a
/// FastAGI session in-process, and sends one <c>/health</c> request through the HTTP listener.
/// Nothing leaves the machine, nothing lands in the cache, and none of it is counted in metrics.
/// </summary>
/// <remarks>docs/architecture.md §Start-up; figures in tests/bench/results/startup.md.</remarks>
internal sealed partial class NodeWarmup(
    IServiceProvider services,
    RangeTable ranges,
    ILookupPipeline pipeline,
    DialStringRenderer dial,
    NodeIdentity identity,
    IOptions<NodeOptions> nodeOptions,
    IOptions<LookupOptions> lookupOptions,
    IOptions<HttpOptions> httpOptions,
    TimeProvider time,
    ILogger<NodeWarmup> logger) : IHostedLifecycleService
{
    // Enough rounds for the tiered JIT to count the lookup path as hot and compile it fully.
    private const int Rounds = 40;
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(5);

    private List<Sample> _samples = [];

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after the ranges are loaded and before any door listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!nodeOptions.Value.WarmUp)
        {
            return;
        }

        NodeMetrics.StopCountingHere();
        var clock = Stopwatch.StartNew();
        _samples = Samples();
        var responder = services.GetService<DundiResponder>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var sample in _samples)
            {
                await RenderAsync(sample.Context, sample.Number, responder, cancellationToken).ConfigureAwait(false);
            }
        }

        LogWarmed("lookup path", clock.Elapsed.TotalMilliseconds);
        if (services.GetRequiredService<IOptions<UpstreamOptions>>().Value.Suffixes.Count > 0)
        {
            WarmNaptrReading();
        }
    }

    /// <summary>
    /// Upstream ENUM reads records with the non-backtracking regex engine, whose first matches also
    /// compile the engine: paid during a lookup, that can take longer than a record's match timeout.
    /// </summary>
    private void WarmNaptrReading()
    {
        var clock = Stopwatch.StartNew();
        NaptrRecordData[] records =
        [
            new(10, 10, "u", "E2U+sip", "!^\\+1(555)(.*)$!sip:\\2@upstream.example.org!", "."),
            new(10, 20, "u", "E2U+iax2", "!^\\+[[:digit:]]{1,15}$!iax:upstream.example.org/4001!", "."),
            new(20, 10, "", "", "!^\\+(.*)$!\\1.example.org!", "."),
        ];
        for (var round = 0; round < Rounds; round++)
        {
            NaptrSelection.Choose(records, "+15550100123", StepLimit);
        }

        LogWarmed("NAPTR reading", clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Runs once every door listens, before the host reports the node started.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!nodeOptions.Value.WarmUp)
        {
            return;
        }

        NodeMetrics.StopCountingHere();
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StepLimit);
        try
        {
            await HealthRequestAsync(limit.Token).ConfigureAwait(false);
            // The doors run full lookups, which would ask peers for a number not answered locally.
            foreach (var sample in _samples.Where(s => s.Authoritative))
            {
                await LookupEndpointAsync(sample.Context, sample.Number, limit.Token).ConfigureAwait(false);
                await AgiSessionAsync(sample.Context, sample.Number, limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or InvalidOperationException)
        {
            // Only speed is at stake: the node serves either way.
            LogWarmupFailed(ex.Message);
        }

        LogWarmed("doors", clock.Elapsed.TotalMilliseconds);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One number per context the node publishes in, from an authoritative range where there is one
    /// (answered without asking anyone); a number in no range when the node publishes none.
    /// </summary>
    private List<Sample> Samples()
    {
        var samples = ranges.Snapshot()
            .GroupBy(r => r.Context, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Merge).First())
            .Select(r => new Sample(r.Context, DialNumber.Parse(r.Pattern.Example()), !r.Merge))
            .Take(8)
            .ToList();
        return samples.Count > 0 ? samples : [new Sample(LookupContexts.Default, DialNumber.Parse("0"), Authoritative: false)];
    }

    private sealed record Sample(string Context, DialNumber Number, bool Authoritative);

    private LookupRequest Request(string context, DialNumber number)
    {
        // Local only: a range published with Merge would otherwise ask the peers, and nothing here
        // may leave the node or land in the cache.
        var options = lookupOptions.Value;
        return new LookupRequest(number, context, options.HopBudget, [], time.GetUtcNow() + TimeSpan.FromMilliseconds(options.DefaultTimeoutMs))
        {
            LocalOnly = true,
        };
    }

    private async Task RenderAsync(string context, DialNumber number, DundiResponder? responder, CancellationToken cancellationToken)
    {
        var request = Request(context, number);
        var result = await pipeline.LookupAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (var format in (string[])["text", "json", "hash"])
        {
            var http = new DefaultHttpContext();
            http.Response.Body = Stream.Null;
            await LookupEndpoint.WriteAsync(http, format, number, context, result, dial, all: format == "text").ConfigureAwait(false);
        }

        foreach (var (name, value) in AgiVariables.FromResult(result, dial, error: null))
        {
            _ = AgiCommand.SetVariable(name, value);
        }

        if (services.GetService<EnumResponder>() is { } enumResponder)
        {
            EnumWarmup.Render(enumResponder, time, context, number, result);
        }

        if (responder is not null)
        {
            var query = DundiCodec.Encode(new DundiMessage
            {
                Command = DundiCommand.DpDiscover,
                Elements = [DundiElement.Version(), DundiElement.EidDirect(identity.Id), DundiElement.CalledNumber(number.Digits), DundiElement.CalledContext(context), DundiElement.Ttl(1)],
            });
            if (DundiCodec.TryDecode(query, out var decoded, out _))
            {
                var answer = new DundiMessage { Command = DundiCommand.DpResponse, IsFinal = true, Elements = responder.Response(request with { Path = decoded.Eids }, result) };
                _ = DundiCodec.TryDecode(DundiCodec.Encode(answer), out _, out _);
            }
        }
    }

    /// <summary>The real <c>/lookup</c> endpoint, called in-process so the request is never counted.</summary>
    private async Task LookupEndpointAsync(string context, DialNumber number, CancellationToken cancellationToken)
    {
        var endpoint = services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .FirstOrDefault(e => e.RoutePattern.RawText == LookupEndpoint.Route);
        if (endpoint?.RequestDelegate is not { } handle)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = $"/lookup/{number}";
        http.Request.QueryString = new QueryString($"?context={Uri.EscapeDataString(context)}");
        http.Request.RouteValues["number"] = number.ToString();
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Response.Body = Stream.Null;
        http.SetEndpoint(endpoint);
        await handle(http).ConfigureAwait(false);
    }

    /// <summary>
    /// One request through the HTTP listener itself, for the connection and parsing code no in-process
    /// call reaches. <c>/health</c> is no lookup, so nothing is counted; skipped when the listener
    /// cannot be reached from loopback or loopback is not an allowed client.
    /// </summary>
    private async Task HealthRequestAsync(CancellationToken cancellationToken)
    {
        if (Reachable() is not { } target)
        {
            return;
        }

        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        var request = Encoding.ASCII.GetBytes($"GET /health HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    private IPEndPoint? Reachable()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (var address in addresses ?? [])
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
            {
                continue;
            }

            var loopback = ip.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            if ((IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
                && ClientNetworks.From(httpOptions.Value.AllowedClients).Allows(loopback))
            {
                return new IPEndPoint(IPAddress.IsLoopback(ip) ? ip : loopback, uri.Port);
            }
        }

        return null;
    }

    /// <summary>A FastAGI session run by the node's own script over a private loopback connection.</summary>
    private async Task AgiSessionAsync(string context, DialNumber number, CancellationToken cancellationToken)
    {
        if (services.GetService<AgiLookupScript>() is not { } agi)
        {
            return;
        }

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var asterisk = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await asterisk.ConnectAsync(listener.LocalEndPoint!, cancellationToken).ConfigureAwait(false);
        var accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        var session = ServeAsync(agi, accepted, cancellationToken);
        var script = $"{AgiLookupScript.Name}?context={context}";
        var header = $"agi_network: yes\nagi_network_script: {script}\nagi_request: agi://127.0.0.1/{script}\nagi_extension: {number}\nagi_arg_1: {number}\n\n";
        await asterisk.SendAsync(Encoding.ASCII.GetBytes(header), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[8192];
        var ok = "200 result=1\n"u8.ToArray();
        int read;
        while ((read = await asterisk.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            // One command at a time: the script waits for each answer before the next.
            if (buffer[read - 1] == (byte)'\n')
            {
                await asterisk.SendAsync(ok, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }

        await session.ConfigureAwait(false);
    }

    private async Task ServeAsync(AgiLookupScript script, Socket accepted, CancellationToken cancellationToken)
    {
        await using var connection = new AgiConnection(accepted, time, cancellationToken);
        await script.RunAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warm-up of the {Part} took {Milliseconds:F0} ms")]
    private partial void LogWarmed(string part, double milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warm-up stopped early: {Reason}")]
    private partial void LogWarmupFailed(string reason);
}

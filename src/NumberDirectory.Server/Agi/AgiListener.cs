using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Agi;

/// <summary>
/// The FastAGI door: a TCP listener (default 127.0.0.1:4573) that serves each connection with
/// <see cref="AgiLookupScript"/>, at most <c>Agi:MaxSessions</c> at once, all asynchronous. Every
/// session closes its socket however it ends; the listener waits for its sessions when the node stops.
/// </summary>
/// <remarks>docs/architecture.md §FastAGI door, §Default listeners and §Client allow-lists.</remarks>
internal sealed partial class AgiListener(
    IOptions<AgiOptions> options,
    AgiLookupScript script,
    NodeMetrics metrics,
    TimeProvider time,
    ILogger<AgiListener> logger) : BackgroundService
{
    private readonly ClientNetworks _allowed = ClientNetworks.From(options.Value.AllowedClients);
    private readonly int _maxSessions = options.Value.MaxSessions;
    private Socket? _socket;
    private int _sessions;
    private TaskCompletionSource _sessionEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The address actually bound (the port is known even when <c>Agi:Listen</c> asks for port 0).</summary>
    public IPEndPoint? LocalEndpoint { get; private set; }

    /// <summary>Sessions open right now.</summary>
    public int ActiveSessions => Volatile.Read(ref _sessions);

    /// <summary>True while the socket is bound and connections are accepted (for <c>/health</c>).</summary>
    public bool Listening => _socket is not null && ExecuteTask is { IsCompleted: false };

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bind before the host reports "started", so a port in use stops startup and tests can read the port.
        if (!ListenEndpoint.TryParse(options.Value.Listen, out var endpoint, out var error))
        {
            throw new InvalidOperationException($"Agi:Listen: {error}");
        }

        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endpoint);
            socket.Listen();
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw ListenEndpoint.BindFailure("Agi:Listen", endpoint, ex);
        }

        _socket = socket;
        LocalEndpoint = (IPEndPoint)socket.LocalEndPoint!;
        metrics.AgiSessions = () => ActiveSessions;
        LogListening(LocalEndpoint);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Completes once no session is open.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var ended = Volatile.Read(ref _sessionEnded);
            if (ActiveSessions == 0)
            {
                return;
            }

            await ended.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _socket!;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException ex)
                {
                    // Out of descriptors or a connection reset before accept: keep serving the others.
                    LogAcceptFailed(ex.SocketErrorCode);
                    continue;
                }

                Admit(client, stoppingToken);
            }
        }
        finally
        {
            listener.Dispose();

            // Sessions see the stopping token and end within their own timeouts; wait for them so none outlives the node.
            await WhenIdleAsync(CancellationToken.None);
        }
    }

    private void Admit(Socket client, CancellationToken stoppingToken)
    {
        if (!_allowed.Allows((client.RemoteEndPoint as IPEndPoint)?.Address))
        {
            metrics.Rejected(AgiLookupScript.Door, "client-not-allowed");
            LogNotAllowed(client.RemoteEndPoint);
            client.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _sessions) > _maxSessions)
        {
            // Refusing at once beats queueing: Asterisk waits on a FastAGI server without a timeout of its own.
            metrics.Rejected(AgiLookupScript.Door, "max-sessions");
            LogBusy(_maxSessions);
            client.Dispose();
            EndSession();
            return;
        }

        client.NoDelay = true;

        // Owned by this listener: counted in _sessions and awaited in ExecuteAsync before it returns.
        _ = ServeAsync(client, stoppingToken);
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        metrics.AgiSessionAccepted();
        string? outcome = null;
        try
        {
            await using var connection = new AgiConnection(client, time, stoppingToken);
            outcome = await RunAsync(connection, stoppingToken);

            // Counted while the socket is still open (disposing the connection closes it): a client
            // that saw its session end finds it counted.
            metrics.AgiSessionEnded(outcome);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The peer reset the connection as it was set up or closed; it is closed either way.
            LogSessionAborted(ex);
            if (outcome is null)
            {
                metrics.AgiSessionEnded("aborted");
            }
        }
        finally
        {
            client.Dispose();
            EndSession();
        }
    }

    /// <summary>Runs the script on one connection: the session's outcome (a label of numberdirectory_agi_sessions_ended_total).</summary>
    private async Task<string> RunAsync(AgiConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            await script.RunAsync(connection, stoppingToken);
            return "completed";
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or the node is stopping.
            LogSessionAborted(ex);
            return "aborted";
        }
#pragma warning disable CA1031 // A bug in one session must not take the listener down; it is logged and the socket closed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSessionFailed(ex);
            return "failed";
        }
    }

    private void EndSession()
    {
        Interlocked.Decrement(ref _sessions);
        Interlocked.Exchange(ref _sessionEnded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public override void Dispose()
    {
        // Stopping first, so the accept loop ends quietly rather than warning about the closed socket
        // (a node whose start failed is disposed without being stopped).
        base.Dispose();
        _socket?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FastAGI listening on {Endpoint}")]
    private partial void LogListening(IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FastAGI client {Remote} is not in Agi:AllowedClients; disconnected")]
    private partial void LogNotAllowed(EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FastAGI has {Max} sessions open (Agi:MaxSessions); a new connection was closed")]
    private partial void LogBusy(int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FastAGI accept failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "FastAGI session ended early")]
    private partial void LogSessionAborted(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "FastAGI session failed")]
    private partial void LogSessionFailed(Exception exception);
}

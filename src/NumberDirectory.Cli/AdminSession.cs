using System.CommandLine;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace NumberDirectory.Cli;

/// <summary>
/// One command's connection to a node's admin API: the channel, the call headers (the token), and where to
/// print. <see cref="RunAsync"/> turns every failure into its exit status, so commands only handle success.
/// </summary>
internal sealed class AdminSession : IDisposable
{
    // Long enough for a lookup with the longest budget a node allows; a node that takes longer is stuck.
    private static readonly TimeSpan UnaryDeadline = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly Metadata _headers;

    private AdminSession(GrpcChannel channel, Metadata headers, AdminTarget target, bool json, TextWriter output, TextWriter error)
    {
        _channel = channel;
        _headers = headers;
        Target = target;
        Json = json;
        Output = output;
        Error = error;
    }

    public AdminTarget Target { get; }

    public bool Json { get; }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public ChannelBase Channel => _channel;

    /// <summary>Options of a unary call: the token and a deadline.</summary>
    public CallOptions Call(CancellationToken cancellationToken) => new(_headers, DateTime.UtcNow + UnaryDeadline, cancellationToken);

    /// <summary>Options of a stream that lasts until it is cancelled: the token, no deadline.</summary>
    public CallOptions Stream(CancellationToken cancellationToken) => new(_headers, cancellationToken: cancellationToken);

    public Task WriteJsonAsync(IMessage message) => JsonOutput.WriteAsync(Output, message);

    public static async Task<int> RunAsync(
        ParseResult parse,
        CommonArguments common,
        Func<AdminSession, CancellationToken, Task<int>> command,
        CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var target = parse.GetRequiredValue(common.Server);
        try
        {
            using var session = Open(target, parse.GetValue(common.Ca), common.TokenOf(parse), parse.GetValue(common.Json), output, error);
            return await command(session, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"numdir: {ex.Message}").ConfigureAwait(false);
            return NumdirCommand.ExitUsage;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the administrator stopped it; nothing failed.
            return NumdirCommand.ExitOk;
        }
        catch (RpcException ex)
        {
            return await RpcErrorReport.WriteAsync(ex, target, error).ConfigureAwait(false);
        }
    }

    private static AdminSession Open(AdminTarget target, FileInfo? ca, string token, bool json, TextWriter output, TextWriter error)
    {
        if (ca is not null && !target.Tls)
        {
            throw new UsageException($"--ca is for an https:// node; {target} is cleartext");
        }

        // The node refuses tokens off loopback without TLS; the CLI does not hand one to the network in clear either.
        if (token.Length > 0 && !target.Tls && !target.Loopback)
        {
            throw new UsageException($"a token is sent only over https:// or to a loopback address, not to {target}");
        }

        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (ca is not null)
        {
            var roots = ReadCertificates(ca);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trusted(roots, certificate, chain, errors);
        }

        var channel = GrpcChannel.ForAddress(target.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        var headers = new Metadata();
        if (token.Length > 0)
        {
            headers.Add("authorization", $"Bearer {token}");
        }

        return new AdminSession(channel, headers, target, json, output, error);
    }

    private static X509Certificate2Collection ReadCertificates(FileInfo file)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"--ca {file}: {ex.Message}");
        }

        return roots.Count > 0 ? roots : throw new UsageException($"--ca {file}: no PEM certificate in it");
    }

    // Only the chain's anchor is ours to decide: a name mismatch or a missing certificate still fails.
    private static bool Trusted(X509Certificate2Collection roots, X509Certificate? presented, X509Chain? sent, SslPolicyErrors errors)
    {
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }

    public void Dispose() => _channel.Dispose();
}

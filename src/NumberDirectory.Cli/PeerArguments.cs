using System.CommandLine;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// A peer's settings as options, the dundi.conf peer section's keys. <see cref="Apply"/> changes only what the
/// command line gives, so <c>peers update EID --order secondary</c> keeps everything else.
/// </summary>
internal sealed class PeerArguments
{
    public Option<string> Host { get; } = new("--host") { Description = "Its address (IP or name), or 'dynamic' for a peer that registers with us" };

    public Option<uint> Port { get; } = new("--port") { Description = "Its UDP port (default 4520)" };

    public Option<string> Model { get; } = new("--model") { Description = "Which way queries flow: symmetric (default), outbound (we ask it), inbound (it asks us)" };

    public Option<string[]> Include { get; } = new("--include") { Description = "A context we ask it about; repeatable (replaces the list)" };

    public Option<string[]> Permit { get; } = new("--permit") { Description = "A context it may ask us about; repeatable (replaces the list)" };

    public Option<string> Order { get; } = new("--order") { Description = "Order tier: primary, secondary, tertiary, quartiary" };

    public Option<bool> Qualify { get; } = new("--qualify") { Description = "Probe it to know when it is dead or lagged (--qualify false: don't)", Arity = ArgumentArity.ZeroOrOne };

    public Option<int> QualifyMaxMs { get; } = new("--qualify-max-ms") { Description = "A round trip above this many ms marks it lagged (default 2000)" };

    public Option<bool> Register { get; } = new("--register") { Description = "Register with it every 60 s (--register false: don't)", Arity = ArgumentArity.ZeroOrOne };

    public Option<bool> Precache { get; } = new("--precache") { Description = "Push the numbers we publish to it (--precache false: don't)", Arity = ArgumentArity.ZeroOrOne };

    public Option<FileInfo> InKey { get; } = new("--in-key") { Description = "PEM file of its RSA public key: everything exchanged with it is encrypted", HelpName = "file" };

    public Option<bool> Plaintext { get; } = new("--plaintext") { Description = "Forget its key: plaintext exchanges" };

    public PeerArguments()
    {
        Model.AcceptOnlyFromAmong("symmetric", "outbound", "inbound");
        Order.AcceptOnlyFromAmong("primary", "secondary", "tertiary", "quartiary");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Host, Port, Model, Include, Permit, Order, Qualify, QualifyMaxMs, Register, Precache, InKey, Plaintext })
        {
            command.Options.Add(option);
        }
    }

    public Peer Apply(ParseResult parse, Peer peer)
    {
        if (parse.GetValue(Host) is { } host)
        {
            peer.Host = host;
        }

        if (parse.GetResult(Port) is { Implicit: false })
        {
            peer.Port = parse.GetValue(Port);
        }

        if (parse.GetValue(Model) is { } model)
        {
            peer.Model = model switch { "outbound" => PeerModel.Outbound, "inbound" => PeerModel.Inbound, _ => PeerModel.Symmetric };
        }

        // An array option not given reads as empty, not null: only a given list replaces the peer's.
        if (parse.GetResult(Include) is { Implicit: false })
        {
            peer.Include.Clear();
            peer.Include.AddRange(parse.GetValue(Include) ?? []);
        }

        // An array option not given reads as empty, not null: only a given list replaces the peer's.
        if (parse.GetResult(Permit) is { Implicit: false })
        {
            peer.Permit.Clear();
            peer.Permit.AddRange(parse.GetValue(Permit) ?? []);
        }

        peer.Order = parse.GetValue(Order) ?? peer.Order;
        if (parse.GetResult(Qualify) is { Implicit: false })
        {
            peer.Qualify = parse.GetValue(Qualify);
        }

        if (parse.GetResult(QualifyMaxMs) is { Implicit: false })
        {
            peer.QualifyMax = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(parse.GetValue(QualifyMaxMs)));
        }

        if (parse.GetResult(Register) is { Implicit: false })
        {
            peer.Register = parse.GetValue(Register);
        }

        if (parse.GetResult(Precache) is { Implicit: false })
        {
            peer.Precache = parse.GetValue(Precache);
        }

        if (parse.GetValue(Plaintext))
        {
            peer.InKey = string.Empty;
        }
        else if (parse.GetValue(InKey) is { } file)
        {
            peer.InKey = ReadKey(file, "--in-key");
        }

        return peer;
    }

    public static string ReadKey(FileInfo file, string what)
    {
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what} {file}: {ex.Message}");
        }
    }
}

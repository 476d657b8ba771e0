using System.Net;
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace NumberDirectory.Server.Agi;

/// <summary>
/// One FastAGI connection: '\n'-terminated lines with a length cap, and one timer that bounds whatever
/// we are waiting for (the header, then each answer). Disposing it closes the socket.
/// </summary>
/// <remarks>docs/architecture.md §FastAGI door: commands and answers are single '\n'-terminated lines.</remarks>
internal sealed class AgiConnection : IAsyncDisposable
{
    /// <summary>Longest line accepted; Asterisk's header lines are far shorter (its own buffers are 1–2 KiB).</summary>
    public const int MaxLineBytes = 2048;

    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenRegistration _stopping;

    public AgiConnection(Socket socket, TimeProvider time, CancellationToken stoppingToken)
    {
        Remote = socket.RemoteEndPoint;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 512, leaveOpen: true));
        _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _stopping = stoppingToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timeout);
    }

    /// <summary>The client's address, for the watch stream.</summary>
    public EndPoint? Remote { get; }

    /// <summary>Cancelled when the current wait has run out of time or the node stops.</summary>
    public CancellationToken Token => _timeout.Token;

    /// <summary>Restarts the timer: what we wait for next must arrive within <paramref name="limit"/>.</summary>
    public void Expect(TimeSpan limit) => _timeout.CancelAfter(limit);

    /// <summary>Stops the timer, e.g. while the lookup runs under its own deadline.</summary>
    public void Pause() => _timeout.CancelAfter(Timeout.InfiniteTimeSpan);

    public async ValueTask<AgiLine> ReadLineAsync()
    {
        while (true)
        {
            var read = await _reader.ReadAsync(_timeout.Token);
            var buffer = read.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = Decode(buffer.Slice(0, newline));
                _reader.AdvanceTo(buffer.GetPosition(1, newline));
                return line;
            }

            if (buffer.Length > MaxLineBytes)
            {
                _reader.AdvanceTo(buffer.End);
                return AgiLine.TooLong;
            }

            if (read.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return AgiLine.End;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public ValueTask WriteLineAsync(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        return _stream.WriteAsync(bytes, _timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.DisposeAsync();
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
        _timeout.Dispose();
    }

    private static AgiLine Decode(ReadOnlySequence<byte> line)
    {
        if (line.Length > MaxLineBytes)
        {
            return AgiLine.TooLong;
        }

        Span<byte> bytes = stackalloc byte[(int)line.Length];
        line.CopyTo(bytes);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        foreach (var b in bytes)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7f)
            {
                return AgiLine.Garbage;
            }
        }

        return new AgiLine(AgiLineKind.Line, Encoding.UTF8.GetString(bytes));
    }
}

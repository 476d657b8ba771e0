namespace NumberDirectory.Server.Storage;

/// <summary>
/// A file opened for reading only, shown to LiteDB cut to whole pages, the way LiteDB itself would
/// crop a torn last page, but without cropping the file. Every write throws, so LiteDB running on it
/// cannot change the file whatever it attempts (cropping it, flagging it as invalid, checkpointing
/// its log into it).
/// </summary>
internal sealed class ReadOnlyPageStream : Stream
{
    private readonly FileStream _file;

    private ReadOnlyPageStream(FileStream file) => _file = file;

    /// <summary>Opens <paramref name="path"/> for reading; others may keep reading and writing it.</summary>
    public static ReadOnlyPageStream Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, DataFileCheck.PageSize, FileOptions.RandomAccess));

    /// <summary>The file's length as it is on disk, with a partial last page.</summary>
    public long FileLength => _file.Length;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _file.Length - (_file.Length % DataFileCheck.PageSize);

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var left = Length - _file.Position;
        return left <= 0 ? 0 : _file.Read(buffer, offset, (int)Math.Min(count, left));
    }

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw Refused();

    public override void Write(byte[] buffer, int offset, int count) => throw Refused();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private static NotSupportedException Refused() => new("the data file is being checked and was opened for reading only");
}

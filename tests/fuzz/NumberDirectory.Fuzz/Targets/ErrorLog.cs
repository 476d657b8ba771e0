using System.Collections.Concurrent;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// A logger provider that keeps what is logged as an error: the doors catch what a bug throws while
/// handling one packet or session, count it and log it, so a log at error level is a crash the door
/// survived.
/// </summary>
internal sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _errors);

    /// <summary>Throws (and forgets them) when errors were logged since the last call.</summary>
    public void ThrowIfAny()
    {
        if (_errors.TryDequeue(out var first))
        {
            _errors.Clear();
            throw new Engine.FuzzInvariantException(first);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                errors.Enqueue($"{category} logged an error: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
            }
        }
    }
}

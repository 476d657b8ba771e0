using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// The node executable as an administrator installs it: the self-contained folder
/// <c>dotnet publish</c> made, named by <see cref="FolderVariable"/> (tests/interop/systemd-interop.sh
/// sets it), or else the build beside the tests run through <c>dotnet</c>.
/// </summary>
internal static class PublishedNode
{
    /// <summary>The environment variable naming the published folder.</summary>
    public const string FolderVariable = "ND_PUBLISHED_NODE";

    /// <summary>The published executable, or null to run the build beside the tests.</summary>
    public static string? Executable
    {
        get
        {
            if (Environment.GetEnvironmentVariable(FolderVariable) is not { Length: > 0 } folder)
            {
                return null;
            }

            var executable = System.IO.Path.Combine(folder, "NumberDirectory.Server");
            return File.Exists(executable)
                ? executable
                : throw new InvalidOperationException($"{FolderVariable} names {folder}, which holds no NumberDirectory.Server: publish the node there first (README \"Installing as a service\")");
        }
    }

    /// <summary>
    /// Starts the node the way systemd starts a service: its own process (a shell that
    /// <c>exec</c>s it, so the pid is the same) with <c>SYSTEMD_EXEC_PID</c> set to that pid and
    /// <c>NOTIFY_SOCKET</c> naming <paramref name="notify"/>.
    /// </summary>
    public static ServerProcess StartAsService(string workingDirectory, NotifySocket notify, IEnumerable<string> args)
    {
        string[] node = Executable is { } published ? [published] : [ServerProcess.Dotnet, ServerProcess.ServerDll];
        return ServerProcess.StartProgram(
            "/bin/sh",
            workingDirectory,
            ["-c", "SYSTEMD_EXEC_PID=$$; export SYSTEMD_EXEC_PID; exec \"$0\" \"$@\"", .. node, .. args],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path });
    }

    /// <summary>A loopback port free for both TCP and UDP now (the ENUM door takes both).</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }

        throw new InvalidOperationException("no loopback port free for both TCP and UDP after 50 attempts");
    }
}

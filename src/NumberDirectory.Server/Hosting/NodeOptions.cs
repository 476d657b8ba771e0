namespace NumberDirectory.Server.Hosting;

/// <summary>The node itself: where it keeps its data and who it is. Section <c>Node</c>.</summary>
public sealed class NodeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Node";

    /// <summary>
    /// Directory of the LiteDB file and the lock file. A relative path written in the file named by
    /// <c>--config</c> starts at that file's directory; anywhere else, at the current directory.
    /// </summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// The node's EID (e.g. <c>00:00:5e:00:53:01</c>). Empty: a random one is created on first start and
    /// kept in the data file. Set it only to move a node's identity to a new data directory.
    /// </summary>
    public string? Id { get; set; }

    /// <summary>
    /// Runs one local lookup through the pipeline and every door's rendering before the doors open,
    /// so the first call after a start is not the one that pays for compiling the lookup path.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Refuse to start on a configuration key no option defines (by default such keys are warned about and ignored).</summary>
    public bool StrictConfig { get; set; }

    /// <summary>Print the stack trace of an error that stops the node, after its one-line reason.</summary>
    public bool Debug { get; set; }
}

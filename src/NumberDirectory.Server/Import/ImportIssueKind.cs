namespace NumberDirectory.Server.Import;

/// <summary>
/// Whether a line that was not translated needs the administrator: the import exits 1 when any
/// issue is <see cref="NotTranslated"/>, 0 when every issue is <see cref="NotNeeded"/>.
/// </summary>
public enum ImportIssueKind
{
    /// <summary>
    /// An informational note: the line has no counterpart, but the node does without it or
    /// already behaves as it asks, so nothing needs doing.
    /// </summary>
    NotNeeded,

    /// <summary>
    /// Needs attention: the imported configuration does not do what the line did (it was left out,
    /// or the node cannot do the same), and the administrator has to decide what to do.
    /// </summary>
    NotTranslated,
}

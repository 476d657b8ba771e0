namespace NumberDirectory.Server.Import;

/// <summary>Whether a line that was not translated loses anything.</summary>
public enum ImportIssueKind
{
    /// <summary>The setting has no counterpart because the node does not need it; nothing is lost.</summary>
    NotNeeded,

    /// <summary>The setting could not be carried over; the administrator has to act.</summary>
    NotTranslated,
}

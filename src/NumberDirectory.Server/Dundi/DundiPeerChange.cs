namespace NumberDirectory.Server.Dundi;

/// <summary>How a change of a runtime peer went.</summary>
internal enum DundiPeerChange
{
    /// <summary>Stored durably and in effect.</summary>
    Done,

    /// <summary>The settings have problems; nothing changed.</summary>
    Invalid,

    /// <summary>A peer with that EID exists already (adding).</summary>
    Exists,

    /// <summary>No peer with that EID (changing or removing).</summary>
    NotFound,

    /// <summary>The peer comes from the configuration file and is read-only here.</summary>
    ConfigOwned,
}

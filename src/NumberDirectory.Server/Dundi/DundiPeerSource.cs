namespace NumberDirectory.Server.Dundi;

/// <summary>Where a peer's settings come from.</summary>
internal enum DundiPeerSource
{
    /// <summary><c>Dundi:Peers</c> in the configuration file: applied on every start, read-only at runtime.</summary>
    Config,

    /// <summary>Added through the admin API and kept in the data file.</summary>
    Runtime,
}

namespace NumberDirectory.Server.EnumDns;

/// <summary>How a query arrived: it decides the largest answer and whether a zone transfer may be asked.</summary>
public enum EnumTransport
{
    /// <summary>A UDP datagram.</summary>
    Udp,

    /// <summary>A message on a TCP connection.</summary>
    Tcp,
}

using System.Collections.Immutable;
using System.Net;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.EnumDns;

/// <summary>How one zone is transferred: who may, with which key, whom to notify, and how large it may grow.</summary>
/// <remarks>docs/protocols/enum.md §Zone transfer.</remarks>
/// <param name="Allowed">Client networks allowed to transfer (loopback when none were configured).</param>
/// <param name="Key">The TSIG key a transfer must be signed with, or null.</param>
/// <param name="Notify">Secondaries told of every change.</param>
/// <param name="MaxNames">The most names the zone may hold.</param>
internal sealed record EnumTransferPolicy(ClientNetworks Allowed, TsigKey? Key, ImmutableArray<IPEndPoint> Notify, long MaxNames);

using Grpc.Core;
using Grpc.Net.Client;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>A real gRPC channel (HTTP/2) to a test node's admin listener.</summary>
internal static class AdminClient
{
    public static GrpcChannel Channel(TestNode node, HttpMessageHandler? handler = null, Uri? address = null) =>
        GrpcChannel.ForAddress(address ?? node.AdminAddress, new GrpcChannelOptions { HttpHandler = handler ?? new SocketsHttpHandler() });

    /// <summary>Call headers carrying a bearer token.</summary>
    public static Metadata Token(string token) => new() { { "authorization", $"Bearer {token}" } };
}

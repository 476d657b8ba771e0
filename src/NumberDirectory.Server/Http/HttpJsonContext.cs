using System.Text.Json.Serialization;

namespace NumberDirectory.Server.Http;

/// <summary>Source-generated JSON for the HTTP door: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;

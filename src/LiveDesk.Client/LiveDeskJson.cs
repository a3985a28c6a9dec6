using System.Text.Json;

namespace LiveDesk.Client;

/// <summary>One serializer configuration for REST and the hub, so both sides of the SDK read the server's camelCase
/// the same way. Enums carry their own converters in Contracts, so nothing else is needed here.</summary>
internal static class LiveDeskJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

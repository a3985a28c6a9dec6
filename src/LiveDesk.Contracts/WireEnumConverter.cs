using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDesk.Contracts;

/// <summary>Enums travel by their wire names only. Integers are refused, so <c>"priority": 7</c> is a 400 rather
/// than a value no client can name.</summary>
public sealed class WireEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;

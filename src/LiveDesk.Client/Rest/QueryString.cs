using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LiveDesk.Client;

/// <summary>Builds query strings that skip null values, so optional filters stay optional on the wire.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _builder = new();

    public QueryString Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }
        _builder.Append(_builder.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(name))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryString Add(string name, long? value) =>
        Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Enums go out as their JSON wire names (e.g. <c>in_progress</c>), which is what the server binds.</summary>
    public QueryString AddEnum<TEnum>(string name, TEnum? value)
        where TEnum : struct, Enum =>
        Add(name, value is null ? null : JsonSerializer.SerializeToElement(value.Value, LiveDeskJson.Options).GetString());

    /// <summary>A comma-separated list whose items are escaped one by one, so the commas stay separators.</summary>
    public QueryString AddList(string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return this;
        }
        var joined = string.Join(',', values.Select(Uri.EscapeDataString));
        if (joined.Length == 0)
        {
            return this;
        }
        _builder.Append(_builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(joined);
        return this;
    }

    public override string ToString() => _builder.ToString();
}

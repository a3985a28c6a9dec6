using LiveDesk.Server.Data;

namespace LiveDesk.Server.Infrastructure;

/// <summary>Values for set-based SQL (bulk inserts) as the model stores them. Raw SQL parameters skip the model's value
/// converters: on SQLite a date is stored as a number (so it compares and orders), an enum as its name.</summary>
public static class StoredValues
{
    public static object Of<TEntity>(LiveDeskDb db, string property, object value) =>
        db.Model.FindEntityType(typeof(TEntity))!.FindProperty(property)!.GetTypeMapping().Converter is { } converter
            ? converter.ConvertToProvider(value)!
            : value;
}

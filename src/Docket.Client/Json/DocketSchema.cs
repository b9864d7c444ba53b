using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Docket.Client;

/// <summary>
/// JSON Schemas of response types, as <c>ExecuteAsync&lt;TResponse&gt;</c> sends them: snake_case
/// property names, non-nullable properties and constructor parameters required,
/// <see cref="DescriptionAttribute"/> texts as <c>description</c>, and <see cref="ArtifactRef"/>
/// types as <c>{"id": …}</c> objects with the id pattern the SDKs use.
/// </summary>
public static class DocketSchema
{
    private static readonly JsonSerializerOptions SchemaOptions = new(DocketJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly Dictionary<Type, string> RefPrefixes = new()
    {
        [typeof(ImageRef)] = "img",
        [typeof(VideoRef)] = "vid",
        [typeof(AudioRef)] = "aud",
        [typeof(DocumentRef)] = "doc",
    };

    private static readonly JsonSchemaExporterOptions ExporterOptions = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Transform,
    };

    /// <summary>The JSON Schema of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">A record or class describing the response.</typeparam>
    public static JsonObject For<T>() => For(typeof(T));

    /// <summary>The JSON Schema of <paramref name="type"/>.</summary>
    /// <param name="type">A record or class describing the response.</param>
    public static JsonObject For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var schema = SchemaOptions.GetJsonSchemaAsNode(type, ExporterOptions) as JsonObject
            ?? throw new ArgumentException($"{type} has no object schema.", nameof(type));
        schema["title"] ??= type.Name;
        return schema;
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
        {
            return schema;
        }

        var description = Description(context.PropertyInfo?.AttributeProvider)
            ?? Description(context.PropertyInfo?.AssociatedParameter?.AttributeProvider)
            ?? (context.PropertyInfo is null ? context.TypeInfo.Type.GetCustomAttribute<DescriptionAttribute>()?.Description : null);
        if (description is not null)
        {
            node["description"] = description;
        }

        if (RefPrefixes.TryGetValue(context.TypeInfo.Type, out var prefix) && node["properties"]?["id"] is JsonObject id)
        {
            // As the SDKs' ImageRef & co declare it; the server recognises such objects by their single id.
            id["pattern"] = $"^{prefix}_\\w{{6}}$";
            node["title"] ??= context.TypeInfo.Type.Name;
        }

        return node;
    }

    private static string? Description(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
}

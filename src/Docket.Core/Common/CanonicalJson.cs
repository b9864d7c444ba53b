using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Common;

/// <summary>
/// One byte sequence per JSON value: object keys sorted ordinally, no insignificant white space,
/// numbers in their shortest round-trip form. Fingerprints hash this form, so two requests that
/// differ only in key order or spacing share a fingerprint.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Serialize(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number:
                var number = value.TryGetValue<JsonElement>(out var element)
                    ? element.GetDouble()
                    : double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                if (Math.Abs(number) < 9e15 && number == Math.Floor(number))
                {
                    writer.WriteNumberValue((long)number);
                }
                else
                {
                    writer.WriteNumberValue(number);
                }

                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Docket.Tests.Contract;

/// <summary>What the SDKs check on every answer, as assertions.</summary>
internal static partial class WireAssert
{
    /// <summary>A non-2xx answer: the expected status and a JSON body with <c>detail</c> and a stable <c>code</c>.</summary>
    public static JsonObject Problem(int expectedStatus, (int Status, JsonNode? Body) response, string? code = null)
    {
        Assert.True(response.Status == expectedStatus, $"expected {expectedStatus}, got {response.Status}: {response.Body?.ToJsonString()}");
        return ProblemBody(response.Body, response.Status, code);
    }

    /// <summary>A client mistake: some 4xx (never a 5xx, which the SDKs retry) with a problem body.</summary>
    public static JsonObject ClientError((int Status, JsonNode? Body) response, params int[] allowed)
    {
        Assert.True(allowed.Contains(response.Status), $"expected one of {string.Join(", ", allowed)}, got {response.Status}: {response.Body?.ToJsonString()}");
        return ProblemBody(response.Body, response.Status, null);
    }

    private static JsonObject ProblemBody(JsonNode? node, int status, string? code)
    {
        var body = Assert.IsType<JsonObject>(node);
        Assert.False(string.IsNullOrWhiteSpace(String(body, "detail")), "a problem needs a human 'detail'");
        Assert.False(string.IsNullOrWhiteSpace(String(body, "code")), "a problem needs a stable 'code'");
        Assert.Equal(status, body["status"]!.GetValue<int>());
        if (code is not null)
        {
            Assert.Equal(code, String(body, "code"));
        }

        return body;
    }

    /// <summary>ISO-8601 UTC with a Z, as pydantic parses it into a datetime.</summary>
    public static DateTimeOffset Timestamp(JsonNode? node)
    {
        var text = Assert.IsAssignableFrom<JsonValue>(node).GetValue<string>();
        Assert.Matches(TimestampPattern(), text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public static string String(JsonNode? node, string key)
    {
        var value = Assert.IsAssignableFrom<JsonValue>(node?[key]);
        Assert.Equal(JsonValueKind.String, value.GetValueKind());
        return value.GetValue<string>();
    }

    public static long Integer(JsonNode? node, string key)
    {
        var value = Assert.IsAssignableFrom<JsonValue>(node?[key]);
        Assert.Equal(JsonValueKind.Number, value.GetValueKind());
        Assert.True(value.TryGetValue<long>(out var number), $"'{key}' is not an integer: {value.ToJsonString()}");
        return number;
    }

    /// <summary>The key is present and JSON null (pydantic's Optional fields).</summary>
    public static void Null(JsonNode? node, string key)
    {
        var obj = Assert.IsType<JsonObject>(node);
        Assert.True(obj.ContainsKey(key), $"'{key}' is missing");
        Assert.Null(obj[key]);
    }

    /// <summary>FileResponse: the SDK's fields plus our md5, sha256 and content_type.</summary>
    public static void FileResponse(JsonNode? node, string fileName, byte[] bytes, string contentType, string purpose = "assistants")
    {
        var file = Assert.IsType<JsonObject>(node);
        Assert.False(string.IsNullOrEmpty(String(file, "id")));
        Assert.Equal(fileName, String(file, "filename"));
        Assert.Equal(bytes.Length, Integer(file, "bytes"));
        Assert.Equal(purpose, String(file, "purpose"));
        var createdAt = Timestamp(file["created_at"]);
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("file", String(file, "object"));
        Null(file, "public_url");
        Assert.Equal(Sdk.Md5(bytes), String(file, "md5"));
        Assert.Equal(Sdk.Sha256(bytes), String(file, "sha256"));
        Assert.Equal(contentType, String(file, "content_type"));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex TimestampPattern();
}

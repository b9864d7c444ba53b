using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Contract;

/// <summary>
/// Requests as the official Python SDK sends them: JSON bodies from <c>json.dumps</c> (", " and
/// ": " separators), its extra headers, and multipart uploads built the way <c>requests</c> builds
/// <c>files={"file": (name, f)}</c> (no Content-Type on the part).
/// </summary>
internal static class Sdk
{
    public static readonly IDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["X-Client-Id"] = "python-sdk-0.5.0",
        ["User-Agent"] = "python-requests/2.32.3",
    };

    public static Task<(int Status, JsonNode? Body)> PostAsync(HttpClient client, string path, string json) =>
        client.PostJsonAsync(path, json, Headers);

    /// <summary><c>client.files.upload(path, method="direct")</c>: POST files?purpose=… with one part named <c>file</c>.</summary>
    public static async Task<(int Status, JsonNode? Body)> UploadAsync(HttpClient client, byte[] bytes, string fileName, string purpose = "assistants")
    {
        using var content = Multipart(("file", fileName, bytes));
        return await SendAsync(client, HttpMethod.Post, $"files?purpose={purpose}", content);
    }

    /// <summary>A multipart/form-data body byte for byte as urllib3's <c>encode_multipart_formdata</c> writes it.</summary>
    public static ByteArrayContent Multipart(params (string Name, string? FileName, byte[] Bytes)[] parts)
    {
        var boundary = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var body = new MemoryStream();
        foreach (var (name, fileName, bytes) in parts)
        {
            var disposition = fileName is null ? $"form-data; name=\"{name}\"" : $"form-data; name=\"{name}\"; filename=\"{fileName}\"";
            body.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n"));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.UTF8.GetBytes($"--{boundary}--\r\n"));
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    public static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Content that is unique to a test, so deduplication and hash lookups see only its own files.</summary>
    public static byte[] UniqueBytes(string label) => Encoding.UTF8.GetBytes($"%PDF-1.7 {label} {Guid.NewGuid():N}\n");

    /// <summary>The digest the SDK's <c>get_cached_file</c> computes; MD5 is the wire format here, not a security choice.</summary>
    public static string Md5(byte[] bytes)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(bytes);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

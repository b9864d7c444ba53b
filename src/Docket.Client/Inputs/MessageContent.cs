using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>
/// One input value as the agent API takes it: an uploaded file, a URL or text. Use it (or a list
/// of it) as a property of an inputs object: <c>new { invoice = MessageContent.File(file.Id) }</c>.
/// </summary>
public sealed record MessageContent
{
    private MessageContent(string type) => Type = type;

    /// <summary>The wire type: <c>input_file</c>, <c>file_url</c>, <c>image_url</c>, <c>video_url</c>, <c>audio_url</c> or <c>text</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; }

    /// <summary>The text of a <c>text</c> input.</summary>
    [JsonPropertyName("text")]
    public string? TextContent { get; private init; }

    /// <summary>The uploaded file of an <c>input_file</c> input.</summary>
    [JsonPropertyName("file_id")]
    public string? FileId { get; private init; }

    /// <summary>The URL of a URL input, whichever kind it is.</summary>
    [JsonIgnore]
    public Uri? Url => (ImageUrlPart ?? VideoUrlPart ?? AudioUrlPart ?? FileUrlPart)?.Url;

    [JsonInclude]
    [JsonPropertyName("image_url")]
    internal ContentUrl? ImageUrlPart { get; init; }

    [JsonInclude]
    [JsonPropertyName("video_url")]
    internal ContentUrl? VideoUrlPart { get; init; }

    [JsonInclude]
    [JsonPropertyName("audio_url")]
    internal ContentUrl? AudioUrlPart { get; init; }

    [JsonInclude]
    [JsonPropertyName("file_url")]
    internal ContentUrl? FileUrlPart { get; init; }

    /// <summary>A file uploaded with <see cref="FilesClient.UploadAsync(string, FileUploadOptions?, CancellationToken)"/>.</summary>
    /// <param name="fileId">The file's id.</param>
    public static MessageContent File(string fileId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        return new("input_file") { FileId = fileId };
    }

    /// <summary>A document the server fetches from a URL.</summary>
    /// <param name="url">An absolute http(s) URL.</param>
    public static MessageContent FileUrl(Uri url) => new("file_url") { FileUrlPart = new ContentUrl(Checked(url)) };

    /// <summary>An image the server fetches from a URL.</summary>
    /// <param name="url">An absolute http(s) URL.</param>
    /// <param name="detail">The detail level the SDKs send: <c>auto</c>, <c>low</c> or <c>high</c>.</param>
    public static MessageContent ImageUrl(Uri url, string detail = "auto") => new("image_url") { ImageUrlPart = new ContentUrl(Checked(url), detail) };

    /// <summary>A video the server fetches from a URL.</summary>
    /// <param name="url">An absolute http(s) URL.</param>
    public static MessageContent VideoUrl(Uri url) => new("video_url") { VideoUrlPart = new ContentUrl(Checked(url)) };

    /// <summary>An audio file the server fetches from a URL.</summary>
    /// <param name="url">An absolute http(s) URL.</param>
    public static MessageContent AudioUrl(Uri url) => new("audio_url") { AudioUrlPart = new ContentUrl(Checked(url)) };

    /// <summary>Plain text.</summary>
    /// <param name="text">The text.</param>
    public static MessageContent Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new("text") { TextContent = text };
    }

    private static Uri Checked(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri ? url : throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
    }
}

/// <summary>The <c>{url, detail}</c> object of a URL input.</summary>
internal sealed record ContentUrl(Uri Url, string? Detail = null);

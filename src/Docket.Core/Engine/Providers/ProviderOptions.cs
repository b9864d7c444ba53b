namespace Docket.Engine.Providers;

/// <summary>
/// One OpenAI-compatible model server (section <c>Docket:Providers:&lt;name&gt;</c>): Ollama, vLLM,
/// llama.cpp server, LM Studio or a hosted API. The API key is read from the environment variable
/// <see cref="ApiKeyVariable"/> names, at start-up; it is never written to the database.
/// </summary>
public sealed class ProviderOptions
{
    /// <summary>The server's OpenAI API root, ending in <c>/v1</c> for most servers: <c>http://127.0.0.1:11434/v1</c>.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>The model id sent in every request (<c>qwen2.5vl:7b</c>, <c>Qwen/Qwen2.5-VL-7B-Instruct</c>).</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Name of the environment variable that holds the API key; none for servers without keys.</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>The model sees images: image inputs, PDF pages and video frames go to it as pictures.</summary>
    public bool Vision { get; set; }

    /// <summary>The server takes <c>tools</c> and answers with <c>tool_calls</c>.</summary>
    public bool Tools { get; set; }

    /// <summary>
    /// The server honours <c>response_format: {type: json_schema}</c>; otherwise Docket asks for JSON
    /// mode, puts the schema in the prompt and validates the answer itself.
    /// </summary>
    public bool JsonSchema { get; set; }

    /// <summary>Send <c>strict: true</c> with the schema (OpenAI then demands a closed schema).</summary>
    public bool StrictSchema { get; set; } = true;

    /// <summary>Request names (the request's <c>model</c> field) that run on this provider, such as <c>vlmrun-orion-1:auto</c>.</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Longest one HTTP call to the server may take, in seconds.</summary>
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Tries of one call after a timeout, 429 or 5xx, before the execution's own retry takes over.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>First backoff between tries, doubled each time; a <c>Retry-After</c> header wins.</summary>
    public double RetryBaseSeconds { get; set; } = 1;

    /// <summary>Images, PDF pages and video frames are scaled down so their longer side is at most this many pixels.</summary>
    public int MaxImageSide { get; set; } = 1536;

    /// <summary>At most this many pages of a PDF go to a vision model as pictures (the text layer goes in full).</summary>
    public int MaxPageImages { get; set; } = 8;

    /// <summary>Frames sampled evenly from a video input.</summary>
    public int VideoFrames { get; set; } = 8;

    /// <summary>Rounds of tool calls the model may make before it must answer.</summary>
    public int MaxToolSteps { get; set; } = 12;

    /// <summary>Sampling temperature unless <c>config.temperature</c> says otherwise.</summary>
    public double Temperature { get; set; }

    /// <summary>Seed unless <c>config.seed</c> says otherwise; sent on every call.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>Upper bound of generated tokens per call; unset leaves it to the server.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>The problems with these settings, each naming its key; empty when they are usable.</summary>
    public IEnumerable<string> Problems(string name)
    {
        var key = $"Docket:Providers:{name}";
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{key}:BaseUrl must be an absolute http(s) URL such as http://127.0.0.1:11434/v1, not '{BaseUrl}'.";
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return $"{key}:Model must name the model to request, such as qwen2.5vl:7b.";
        }

        if (TimeoutSeconds <= 0 || RetryBaseSeconds < 0 || Retries is < 0 or > 10)
        {
            yield return $"{key}: TimeoutSeconds must be positive, RetryBaseSeconds zero or positive, Retries from 0 to 10.";
        }

        if (MaxImageSide is < 64 or > 8192 || MaxPageImages < 0 || VideoFrames is < 1 or > 64 || MaxToolSteps is < 1 or > 100)
        {
            yield return $"{key}: MaxImageSide must be 64 to 8192, MaxPageImages zero or more, VideoFrames 1 to 64, MaxToolSteps 1 to 100.";
        }

        if (Temperature is < 0 or > 2 || MaxTokens is <= 0)
        {
            yield return $"{key}: Temperature must be 0 to 2 and MaxTokens positive when set.";
        }
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.Common;

namespace Docket.Engine.Providers;

/// <summary>
/// Records one attempt's model calls and steps as they happen, so a failed attempt leaves its trace
/// too. A replay records nothing (no store) but still counts its steps.
/// </summary>
public sealed partial class RunRecorder(ModelCallStore? store, string executionId, int attempt, TimeProvider time)
{
    private readonly List<ExecutionStepRecord> _steps = [];
    private readonly Lock _lock = new();
    private int _calls;

    public IReadOnlyList<ExecutionStepRecord> Steps
    {
        get
        {
            lock (_lock)
            {
                return [.. _steps];
            }
        }
    }

    public long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Records one HTTP exchange (a retried call gives one record per try).</summary>
    public async Task CallAsync(ModelProvider provider, JsonObject request, string? response, int? statusCode, string? error, long startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        int call;
        lock (_lock)
        {
            call = ++_calls;
        }

        if (store is null)
        {
            return;
        }

        var (stored, sha) = Digest(request);
        await store.InsertCallAsync(
            new ModelCallRecord(executionId, attempt, call, provider.Name, provider.Options.Model, stored, sha, response, statusCode, error, startedAt, Now() - startedAt),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a model turn or a tool call as the next step.</summary>
    public async Task StepAsync(string kind, string name, string status, JsonObject detail, long startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ExecutionStepRecord step;
        lock (_lock)
        {
            step = new ExecutionStepRecord(executionId, attempt, _steps.Count + 1, kind, name, status, detail.ToJsonString(), startedAt, Now() - startedAt);
            _steps.Add(step);
        }

        if (store is not null)
        {
            await store.InsertStepAsync(step, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The request as stored — every <c>data:</c> URL replaced by its media type, SHA-256 and size,
    /// so page images do not fill the database — and the SHA-256 of the full request, which a
    /// replay compares.
    /// </summary>
    public static (string Stored, string Sha256) Digest(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var full = CanonicalJson.Serialize(request);
        var copy = request.DeepClone();
        Elide(copy);
        return (copy.ToJsonString(), Hashing.Sha256Hex(full));
    }

    private static void Elide(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue v && v.TryGetValue<string>(out var text) && DataUrl().Match(text) is { Success: true } match
                        && Decode(text[match.Length..]) is { } bytes)
                    {
                        obj[key] = $"data:{match.Groups[1].Value};sha256={Hashing.Sha256Hex(bytes)};bytes={bytes.Length}";
                    }
                    else
                    {
                        Elide(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Elide(item);
                }

                break;
        }
    }

    /// <summary>The bytes of a base64 payload; null leaves a malformed one as it is.</summary>
    private static byte[]? Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("^data:([a-z]+/[a-z0-9.+-]+);base64,")]
    private static partial Regex DataUrl();
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Docket.Bench;

/// <summary>The few API calls the benchmarks make, over plain HttpClient to keep client cost low and visible.</summary>
internal static class Api
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Submits an execution and returns its id.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await client.PostAsync(new Uri("agent/execute", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"execute answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        return JsonDocument.Parse(bytes);
    }
}

using System.Net;
using System.Text.Json;

namespace Docket.Client;

/// <summary>
/// The server answered with a status outside 2xx (after any retries). Carries the status, the
/// problem's stable <see cref="Code"/> and human <see cref="Detail"/>, and the raw body.
/// </summary>
public sealed class DocketApiException : Exception
{
    /// <summary>Creates the exception for one error answer.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="code">The problem's stable code (such as <c>not_found</c>), when the body had one.</param>
    /// <param name="detail">The problem's human message, when the body had one.</param>
    /// <param name="body">The raw response body.</param>
    public DocketApiException(HttpStatusCode statusCode, string? code, string? detail, string body)
        : base($"Docket answered {(int)statusCode}{(code is null ? string.Empty : $" {code}")}: {detail ?? (body.Length == 0 ? statusCode.ToString() : body)}")
    {
        StatusCode = statusCode;
        Code = code;
        Detail = detail;
        Body = body;
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's stable code, such as <c>not_found</c> or <c>invalid_config</c>; null when the body had none.</summary>
    public string? Code { get; }

    /// <summary>The problem's human message (<c>detail</c>); null when the body had none.</summary>
    public string? Detail { get; }

    /// <summary>The raw response body.</summary>
    public string Body { get; }

    /// <summary>Reads the problem body (<c>{"detail", "code", …}</c>) of an error answer.</summary>
    internal static async Task<DocketApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? code = null;
        string? detail = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                if (root.TryGetProperty("detail", out var d))
                {
                    // FastAPI-style validation errors put a list here; keep it readable as JSON.
                    detail = d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText();
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem body (a proxy's HTML page, say): the raw body is all there is.
        }

        return new DocketApiException(response.StatusCode, code, detail, body);
    }
}

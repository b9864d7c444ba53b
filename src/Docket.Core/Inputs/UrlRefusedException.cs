namespace Docket.Inputs;

/// <summary>
/// Thrown inside the guarded connect step when a host may not be contacted or cannot be
/// resolved. HttpClient wraps it in an <see cref="HttpRequestException"/>; callers look for it
/// in the inner exceptions to report the guard's reason rather than a generic network error.
/// </summary>
internal sealed class UrlRefusedException : Exception
{
    public UrlRefusedException()
        : this("The address may not be contacted.")
    {
    }

    public UrlRefusedException(string message)
        : base(message)
    {
    }

    public UrlRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The guard's reason if <paramref name="exception"/> came from it, else null.</summary>
    public static string? FindReason(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is UrlRefusedException refused)
            {
                return refused.Message;
            }
        }

        return null;
    }
}

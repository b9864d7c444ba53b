using Microsoft.Extensions.Options;

namespace Docket.Inputs;

/// <summary>Refuses settings under which no download could succeed or headers would be forged.</summary>
public sealed class UrlFetchOptionsValidator : IValidateOptions<UrlFetchOptions>
{
    public ValidateOptionsResult Validate(string? name, UrlFetchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxBytes <= 0)
        {
            failures.Add("MaxBytes must be positive.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Timeout must be positive.");
        }

        if (options.MaxRedirects < 0)
        {
            failures.Add("MaxRedirects must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent) || options.UserAgent.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            failures.Add("UserAgent must be a non-empty single line.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

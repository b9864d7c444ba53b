using Microsoft.Extensions.Options;

namespace Docket.Webhooks;

/// <summary>Refuses settings under which no delivery could succeed.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Timeout > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Timeout must be positive.");
    }
}

using Microsoft.Extensions.Options;

namespace Docket.Engine.Providers;

/// <summary>Fails start-up with every problem of the provider settings, each naming its key.</summary>
public sealed class ModelProvidersValidator(Func<string, string?> environment) : IValidateOptions<ModelProvidersOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelProvidersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(environment);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

using System.Text.Json.Nodes;
using Docket.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.TestHost;

/// <summary>Agents that only tests and benchmarks register: they make queue behaviour observable.</summary>
public static class TestAgents
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IAgentHandler, NoopAgent>();
        services.AddSingleton<IAgentHandler, SleepAgent>();
        services.AddSingleton<IAgentHandler, FailAgent>();
        services.AddSingleton<IAgentHandler, ArtifactAgent>();
        services.AddSingleton<IAgentHandler, EchoAgent>();

        // Test-only stand-in for the schema-guided extractor, for process-level tests of the
        // older prediction API (the Node client test); never set in a real deployment.
        if (Environment.GetEnvironmentVariable(TestExtractAgent.EnableVariable) == "1")
        {
            services.AddSingleton<IAgentHandler, TestExtractAgent>();
        }
    }

    internal static int Int(JsonObject config, string key, int fallback) =>
        config[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : config[key] is JsonValue d && d.TryGetValue<double>(out var x) ? (int)x : fallback;
}

/// <summary><c>test/noop</c>: returns at once.</summary>
public sealed class NoopAgent : IAgentHandler
{
    public string Name => "test/noop";

    public string Description => "Does nothing; for throughput tests.";

    public IReadOnlyList<string> Toolsets => ["core"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new AgentResult(new JsonObject { ["ok"] = true, ["inputs"] = context.Inputs.Count }));
}

/// <summary><c>test/sleep</c>: waits <c>config.sleep_ms</c> (default 1000), honouring cancellation.</summary>
public sealed class SleepAgent(TimeProvider time) : IAgentHandler
{
    public string Name => "test/sleep";

    public string Description => "Sleeps for config.sleep_ms.";

    public IReadOnlyList<string> Toolsets => ["core"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        var ms = TestAgents.Int(context.Config, "sleep_ms", 1000);
        await Task.Delay(TimeSpan.FromMilliseconds(ms), time, cancellationToken).ConfigureAwait(false);
        return new AgentResult(new JsonObject { ["slept_ms"] = ms, ["attempt"] = context.Attempt });
    }
}

/// <summary>
/// <c>test/fail</c>: fails its first <c>config.fail_times</c> attempts (transiently, or for good
/// when <c>config.deterministic</c>), then succeeds.
/// </summary>
public sealed class FailAgent : IAgentHandler
{
    public string Name => "test/fail";

    public string Description => "Fails the first config.fail_times attempts.";

    public IReadOnlyList<string> Toolsets => ["core"];

    public string Version => "1";

    public Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        var times = TestAgents.Int(context.Config, "fail_times", 1);
        if (context.Attempt <= times)
        {
            var deterministic = context.Config["deterministic"]?.GetValue<bool>() == true;
            throw new ExecutionFailedException(deterministic ? ErrorCodes.InvalidInput : ErrorCodes.ToolError, $"planned failure on attempt {context.Attempt}", transient: !deterministic);
        }

        return Task.FromResult(new AgentResult(new JsonObject { ["succeeded_on_attempt"] = context.Attempt }));
    }
}

/// <summary><c>test/artifact</c>: stores a small PNG and returns its id, <c>config.hold_ms</c> (default 0) after storing it.</summary>
public sealed class ArtifactAgent : IAgentHandler
{
    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public string Name => "test/artifact";

    public string Description => "Emits one PNG artifact.";

    public IReadOnlyList<string> Toolsets => ["core", "image"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(Png);
        var id = await context.Artifacts.AddAsync("img", "image/png", "pixel.png", stream, cancellationToken).ConfigureAwait(false);
        await Task.Delay(TestAgents.Int(context.Config, "hold_ms", 0), cancellationToken).ConfigureAwait(false);
        return new AgentResult(new JsonObject { ["image"] = id }) { ElementType = "image", ElementsProcessed = 1 };
    }
}

/// <summary><c>test/echo</c>: describes its resolved inputs, to check input handling.</summary>
public sealed class EchoAgent : IAgentHandler
{
    public string Name => "test/echo";

    public string Description => "Returns what its inputs resolved to.";

    public IReadOnlyList<string> Toolsets => ["core"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        var inputs = new JsonArray();
        foreach (var input in context.Inputs)
        {
            var item = new JsonObject
            {
                ["name"] = input.Name,
                ["kind"] = input.Kind.ToString().ToLowerInvariant(),
                ["source_type"] = input.SourceType,
            };
            if (input.Kind == InputKind.File)
            {
                item["file_name"] = input.FileName;
                item["content_type"] = input.ContentType;
                item["bytes"] = input.Bytes;
                item["sha256"] = input.Sha256;
                item["text"] = input.Bytes < 4096 ? await File.ReadAllTextAsync(input.Path!, cancellationToken).ConfigureAwait(false) : null;
            }
            else
            {
                item["text"] = input.Text;
                item["value"] = input.Json?.DeepClone();
            }

            inputs.Add(item);
        }

        return new AgentResult(new JsonObject { ["inputs"] = inputs, ["prompt"] = context.Prompt });
    }
}

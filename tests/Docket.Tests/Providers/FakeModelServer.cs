using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Docket.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Docket.Tests.Providers;

/// <summary>One request the fake model server received.</summary>
public sealed record ModelRequest(JsonObject Body, string? Authorization);

/// <summary>
/// An OpenAI-compatible chat server on 127.0.0.1 (real Kestrel) that plays scripted replies in
/// order and records every request, so tests can assert exactly what Docket sends. When the
/// script runs out it answers 500, which a test notices.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Func<ModelRequest, Reply>> _script = new();
    private readonly List<ModelRequest> _requests = [];
    private readonly Lock _lock = new();
    private WebApplication? _app;

    private FakeModelServer()
    {
    }

    /// <summary>The API root to configure as a provider's BaseUrl: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeModelServer> StartAsync()
    {
        var server = new FakeModelServer();
        var app = LoopbackApp.CreateBuilder().Build();
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        server._app = app;
        server.BaseUrl = (await LoopbackApp.StartAsync(app)).AbsoluteUri + "v1";
        return server;
    }

    /// <summary>Adds replies to the end of the script.</summary>
    public FakeModelServer Then(params Reply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(_ => reply);
        }

        return this;
    }

    /// <summary>Adds a reply computed from the request it answers.</summary>
    public FakeModelServer Then(Func<ModelRequest, Reply> reply)
    {
        _script.Enqueue(reply);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = (JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)) as JsonObject)!;
        var request = new ModelRequest(body, context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null);
        lock (_lock)
        {
            _requests.Add(request);
        }

        if (!_script.TryDequeue(out var next))
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("""{"error":{"message":"the fake model server has no scripted reply left"}}""", context.RequestAborted);
            return;
        }

        await next(request).WriteAsync(context);
    }
}

/// <summary>One scripted answer of <see cref="FakeModelServer"/>.</summary>
public sealed class Reply
{
    private Func<HttpContext, Task> _write = _ => Task.CompletedTask;

    public static Reply Content(string content, int promptTokens = 100, int completionTokens = 20) =>
        Completion(new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop", promptTokens, completionTokens);

    public static Reply ToolCalls(params (string Id, string Function, string Arguments)[] calls) =>
        Completion(
            new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Function, ["arguments"] = c.Arguments },
                })]),
            },
            "tool_calls",
            50,
            10);

    public static Reply Status(int status, string body, string? retryAfter = null) => new()
    {
        _write = async context =>
        {
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted);
        },
    };

    /// <summary>Never answers: the request hangs until the client gives up.</summary>
    public static Reply Hang() => new()
    {
        _write = async context =>
        {
            var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (context.RequestAborted.Register(() => aborted.TrySetResult()))
            {
                await aborted.Task;
            }
        },
    };

    /// <summary>Server-sent events: one chat.completion.chunk per piece of text, then [DONE].</summary>
    public static Reply Stream(params string[] pieces) => new()
    {
        _write = async context =>
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var piece in pieces)
            {
                var chunk = new JsonObject
                {
                    ["id"] = "chatcmpl-stream",
                    ["object"] = "chat.completion.chunk",
                    ["model"] = "test-model",
                    ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece }, ["finish_reason"] = null }),
                };
                await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        },
    };

    public Task WriteAsync(HttpContext context) => _write(context);

    private static Reply Completion(JsonObject message, string finishReason, int promptTokens, int completionTokens) => new()
    {
        _write = async context =>
        {
            var body = new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = "test-model",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        },
    };
}

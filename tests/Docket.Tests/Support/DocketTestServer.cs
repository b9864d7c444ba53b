using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Server.Hosting;
using Docket.Tenants;
using Docket.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Tests.Support;

/// <summary>
/// A real Docket server on 127.0.0.1 with a real SQLite file in a temporary directory, the test
/// agents registered and fast queue timings, driven over real HTTP.
/// </summary>
public sealed class DocketTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private DocketTestServer(WebApplication app, string dataDirectory, string baseUrl, string adminKey)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        AdminKey = adminKey;
        Client = CreateClient(adminKey);
    }

    public string DataDirectory { get; }

    /// <summary>The server's root, without <c>/v1</c>.</summary>
    public string BaseUrl { get; }

    public string AdminKey { get; }

    /// <summary>A client of the default tenant, based at <c>/v1/</c>.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="services">Registers more services after the test agents (such as a test extraction handler).</param>
    public static async Task<DocketTestServer> StartAsync(Action<DocketHostSettings>? configure = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N"));
        var settings = new DocketHostSettings { Urls = "http://127.0.0.1:0", DataDirectory = data, Workers = 2 };
        settings.Configuration["Docket:Queue:PollSeconds"] = "0.2";
        settings.Configuration["Docket:Queue:LeaseSeconds"] = "3";
        settings.Configuration["Docket:Queue:CancelCheckSeconds"] = "0.1";
        settings.Configuration["Docket:Queue:RetryBaseSeconds"] = "0.05";
        settings.Configuration["Docket:Queue:ShutdownGraceSeconds"] = "1";
        settings.Configuration["Docket:Inputs:AllowPrivateUrls"] = "true";
        settings.Configuration["Docket:Webhooks:AllowPrivateUrls"] = "true";
        settings.Configuration["Docket:Webhooks:RetryBase"] = "00:00:00.050";
        settings.Configuration["Docket:Webhooks:PollInterval"] = "00:00:00.050";
        await TestStores.ApplyAsync(settings);
        configure?.Invoke(settings);
        var app = DocketApp.Build(settings, collection =>
        {
            TestAgents.Register(collection);
            services?.Invoke(collection);
        });
        var adminKey = await DocketBootstrap.InitializeAsync(app.Services, data, null, CancellationToken.None) ?? (await File.ReadAllTextAsync(Path.Combine(data, "admin-key"))).Trim();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DocketTestServer(app, data, address, adminKey);
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/v1/"), Timeout = TimeSpan.FromSeconds(90) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>A client of another tenant (created on first use).</summary>
    public async Task<HttpClient> CreateTenantClientAsync(string tenant)
    {
        var key = await Services.GetRequiredService<TenantStore>().CreateKeyAsync(tenant, "test", CancellationToken.None);
        return CreateClient(key.Key);
    }

    /// <summary>Stops the server but keeps its data directory, so a new server can start on it.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (TestStores.Database is not null)
        {
            await TestStores.DropDatabaseAsync(DataDirectory);
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp directory is disposable anyway.
        }
    }
}

/// <summary>HTTP helpers for tests: JSON in, status and JSON out.</summary>
public static class Http
{
    public static async Task<(int Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(int Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, string json, IDictionary<string, string>? headers = null) =>
        client.SendAsync(HttpMethod.Post, path, json, headers);

    public static Task<(int Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Get, path);

    public static async Task<JsonObject> UploadAsync(this HttpClient client, byte[] bytes, string fileName, string? contentType = null)
    {
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        content.Add(part, "file", fileName);
        using var response = await client.PostAsync("files?purpose=assistants", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"upload answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Submits and returns the pending execution's id.</summary>
    public static async Task<string> ExecuteAsync(this HttpClient client, string json, IDictionary<string, string>? headers = null)
    {
        var (status, body) = await client.PostJsonAsync("agent/execute", json, headers);
        Assert.True(status == 201, $"execute answered {status}: {body?.ToJsonString()}");
        return body!["id"]!.GetValue<string>();
    }

    /// <summary>Long-polls until the execution is terminal, or fails the test at the deadline.</summary>
    public static async Task<JsonObject> WaitAsync(this HttpClient client, string id, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (status, body) = await client.GetJsonAsync($"agent/executions/{id}?wait=5");
            Assert.Equal(200, status);
            var state = body!["status"]!.GetValue<string>();
            if (state is "completed" or "failed")
            {
                return body.AsObject();
            }

            Assert.True(DateTime.UtcNow < deadline, $"execution {id} still {state} after {seconds} s");
        }
    }
}

/// <summary>Waits on an observable condition with a deadline; never a bare sleep.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, double seconds = 20, string? because = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because ?? "condition not met before the deadline");
            await Task.Delay(20);
        }
    }
}

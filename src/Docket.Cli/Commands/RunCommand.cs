using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Server.Hosting;
using Docket.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Docket.Cli.Commands;

/// <summary>
/// <c>docket run AGENT FILE…</c>: starts Docket on the data directory, runs one execution through
/// the real HTTP API (upload, execute, wait) and prints the result. The quickest way to see what
/// an agent returns for a document.
/// </summary>
internal static class RunCommand
{
    public static Command Create(Action<IServiceCollection>? configureServices)
    {
        var agent = new Argument<string>("agent") { Description = "Agent to run: a built-in such as document/parse, or one of yours as name[:version]." };
        var files = new Argument<string[]>("files") { Description = "Local files to pass as inputs (file, or file_1, file_2, … for several).", Arity = ArgumentArity.ZeroOrMore };
        var prompt = new Option<string?>("--prompt") { Description = "Prompt to pass in the config." };
        var schema = new Option<FileInfo?>("--schema") { Description = "JSON Schema file for the response." };
        var data = HostOptions.Data();
        var full = new Option<bool>("--full") { Description = "Print the whole execution (status, usage, fingerprint, …), not only its response." };
        var command = new Command("run", "Run one execution on local files with an embedded server and print its JSON result.")
        {
            agent, files, prompt, schema, data, full,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetValue(files) ?? [];
            foreach (var path in paths.Where(p => !File.Exists(p)))
            {
                await Console.Error.WriteLineAsync($"No such file: {path}").ConfigureAwait(false);
                return 2;
            }

            var settings = new DocketHostSettings { Urls = "http://127.0.0.1:0", DataDirectory = parse.GetValue(data)! };
            HostOptions.ApplyEnvironment(settings);
            await using var app = DocketApp.Build(settings, configureServices);
            await DocketBootstrap.InitializeAsync(app.Services, settings.DataDirectory, Environment.GetEnvironmentVariable(DocketBootstrap.BootstrapKeyVariable), cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var key = await app.Services.GetRequiredService<TenantStore>().CreateKeyAsync("default", "docket run", cancellationToken).ConfigureAwait(false);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(address + "/v1/"), Timeout = Timeout.InfiniteTimeSpan };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
                var inputs = new JsonObject();
                for (var i = 0; i < paths.Length; i++)
                {
                    var fileId = await UploadAsync(http, paths[i], cancellationToken).ConfigureAwait(false);
                    inputs[paths.Length == 1 ? "file" : $"file_{i + 1}"] = new JsonObject { ["type"] = "input_file", ["file_id"] = fileId };
                }

                var config = new JsonObject();
                if (parse.GetValue(prompt) is { } p)
                {
                    config["prompt"] = p;
                }

                if (parse.GetValue(schema) is { } schemaFile)
                {
                    config["json_schema"] = JsonNode.Parse(await File.ReadAllTextAsync(schemaFile.FullName, cancellationToken).ConfigureAwait(false));
                }

                var request = new JsonObject { ["name"] = parse.GetValue(agent), ["inputs"] = inputs, ["config"] = config };
                var submitted = await SendAsync(http, HttpMethod.Post, "agent/execute", request, cancellationToken).ConfigureAwait(false);
                var id = submitted["id"]!.GetValue<string>();
                JsonObject execution;
                do
                {
                    execution = await SendAsync(http, HttpMethod.Get, $"agent/executions/{id}?wait=60", null, cancellationToken).ConfigureAwait(false);
                }
                while (execution["status"]!.GetValue<string>() is "pending" or "running");

                var output = parse.GetValue(full) ? execution : execution["response"];
                Console.WriteLine(output?.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null");
                if (execution["status"]!.GetValue<string>() != "completed")
                {
                    await Console.Error.WriteLineAsync($"Execution {id} failed: {execution["error"]?["code"]}: {execution["error"]?["message"]}").ConfigureAwait(false);
                    return 1;
                }

                return 0;
            }
            catch (HttpRequestException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 1;
            }
            finally
            {
                await app.Services.GetRequiredService<TenantStore>().RevokeKeyAsync(key.Info.Id, CancellationToken.None).ConfigureAwait(false);
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task<string> UploadAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        using var content = new MultipartFormDataContent { { new StreamContent(stream), "file", Path.GetFileName(path) } };
        using var response = await http.PostAsync("files?purpose=assistants", content, cancellationToken).ConfigureAwait(false);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!;
        return response.IsSuccessStatusCode ? body["id"]!.GetValue<string>() : throw new HttpRequestException($"Upload of {path} failed: {body["detail"]}");
    }

    private static async Task<JsonObject> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        return response.IsSuccessStatusCode ? json : throw new HttpRequestException($"{method} {path} failed ({(int)response.StatusCode}): {json["detail"]}");
    }
}

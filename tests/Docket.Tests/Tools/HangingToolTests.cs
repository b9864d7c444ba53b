using System.Text.Json.Nodes;
using Docket.Tests.Support;
using Docket.Tests.Tools.Image;

namespace Docket.Tests.Tools;

/// <summary>
/// A tool program that hangs (here a stand-in that sleeps, configured in place of tesseract or
/// ffmpeg) is killed at its time limit, and the execution fails cleanly with tool_error.
/// </summary>
public sealed class HangingToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-hanging-").FullName;

    [Fact]
    public async Task HangingTesseract_IsKilled_AndTheExecutionFailsWithToolError()
    {
        var hang = Hanging("tesseract");
        await using var server = await DocketTestServer.StartAsync(s =>
        {
            s.Configuration["Docket:Ocr:Tesseract"] = hang;
            s.Configuration["Docket:Ocr:TimeoutSeconds"] = "2";
        });

        var done = await RunAsync(server, "image/ocr", MediaCorpus.PathOf("face_swapped.jpg"), "image/jpeg");

        AssertKilled(done, "tesseract");
    }

    [Fact]
    public async Task HangingFfmpeg_IsKilled_AndTheExecutionFailsWithToolError()
    {
        var hang = Hanging("ffmpeg");
        await using var server = await DocketTestServer.StartAsync(s =>
        {
            s.Configuration["Docket:Video:Ffmpeg"] = hang;
            s.Configuration["Docket:Tools:TimeoutSeconds"] = "2";
        });

        var done = await RunAsync(server, "video/thumbnails", MediaCorpus.PathOf("vtest.avi"), "video/x-msvideo");

        AssertKilled(done, "ffmpeg");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void AssertKilled(JsonObject done, string program)
    {
        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("tool_error", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("took longer than 2 s", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var pids = File.ReadAllLines(Path.Combine(_directory, program + ".pids"));
        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"{program} stand-in {pid} still runs"));
    }

    /// <summary>A program that records its process id and sleeps far past any limit.</summary>
    private string Hanging(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, $"#!/bin/sh\necho $$ >> '{Path.Combine(_directory, name + ".pids")}'\nexec sleep 120\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task<JsonObject> RunAsync(DocketTestServer server, string agent, string path, string contentType)
    {
        var file = await server.Client.UploadAsync(await File.ReadAllBytesAsync(path), Path.GetFileName(path), contentType);
        var request = new JsonObject
        {
            ["name"] = agent,
            ["inputs"] = new JsonObject { ["file"] = new JsonObject { ["type"] = "input_file", ["file_id"] = file["id"]!.GetValue<string>() } },
            ["config"] = new JsonObject { ["max_attempts"] = 1 },
        };
        return await server.Client.WaitAsync(await server.Client.ExecuteAsync(request.ToJsonString()), 60);
    }
}

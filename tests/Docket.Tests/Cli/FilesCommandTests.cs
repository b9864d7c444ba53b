using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>`docket files …` as a process against a real server.</summary>
public sealed class FilesCommandTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-cli-files-").FullName;

    private DocketTestServer Server => fixture.Server;

    [Fact]
    public async Task UploadListGetDownloadDelete_RoundTripAFile()
    {
        var path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, "files round trip " + Guid.NewGuid());

        var upload = await Server.DocketAsync("files", "upload", path, "--json");
        Assert.True(upload.Code == 0, upload.ToString());
        var uploaded = Assert.Single(JsonNode.Parse(upload.Output)!.AsArray())!;
        var id = uploaded["id"]!.GetValue<string>();
        Assert.Equal(("notes.txt", new FileInfo(path).Length, "assistants"), (uploaded["filename"]!.GetValue<string>(), uploaded["bytes"]!.GetValue<long>(), uploaded["purpose"]!.GetValue<string>()));

        var list = await Server.DocketAsync("files", "list", "--limit", "1000");
        Assert.Equal(0, list.Code);
        var row = list.Output.Split('\n').Single(line => line.StartsWith(id, StringComparison.Ordinal));
        Assert.Contains("notes.txt", row, StringComparison.Ordinal);
        Assert.StartsWith("ID", list.Output, StringComparison.Ordinal);

        var get = await Server.DocketAsync("files", "get", id, "--json");
        Assert.Equal(0, get.Code);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))), JsonNode.Parse(get.Output)!["sha256"]!.GetValue<string>());

        var target = Path.Combine(_directory, "downloaded.txt");
        var download = await Server.DocketAsync("files", "download", id, "-o", target);
        Assert.True(download.Code == 0, download.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(target));

        var delete = await Server.DocketAsync("files", "delete", id);
        Assert.Equal(0, delete.Code);
        Assert.Contains(id, delete.Output, StringComparison.Ordinal);
        var gone = await Server.DocketAsync("files", "get", id);
        Assert.Equal(1, gone.Code);
        Assert.Contains("not found", gone.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(gone.Output);
    }

    [Fact]
    public async Task Upload_OfSeveralFiles_PrintsATableWithEachId()
    {
        var first = Path.Combine(_directory, "first.txt");
        var second = Path.Combine(_directory, "second.csv");
        await File.WriteAllTextAsync(first, "first " + Guid.NewGuid());
        await File.WriteAllTextAsync(second, "a,b\n1,2\n" + Guid.NewGuid());

        var upload = await Server.DocketAsync("files", "upload", first, second, "--purpose", "vision");

        Assert.True(upload.Code == 0, upload.ToString());
        var lines = upload.Output.TrimEnd().Split('\n');
        Assert.Equal(["ID", "FILENAME", "SIZE", "PURPOSE", "CREATED"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("first.txt", lines[1], StringComparison.Ordinal);
        Assert.Contains("second.csv", lines[2], StringComparison.Ordinal);
        Assert.All(lines[1..], line => Assert.Contains("vision", line, StringComparison.Ordinal));

        // The columns line up: each header starts where its cells start.
        var purposeColumn = lines[0].IndexOf("PURPOSE", StringComparison.Ordinal);
        Assert.All(lines[1..], line => Assert.Equal("vision", line[purposeColumn..].Split(' ')[0]));
    }

    [Fact]
    public async Task Download_WithoutAPath_SavesUnderTheStoredName_AndDashWritesStdout()
    {
        var path = Path.Combine(_directory, "report.md");
        var content = "# Report " + Guid.NewGuid();
        await File.WriteAllTextAsync(path, content);
        var id = JsonNode.Parse((await Server.DocketAsync("files", "upload", path, "--json")).Output)![0]!["id"]!.GetValue<string>();
        var into = Directory.CreateDirectory(Path.Combine(_directory, "into")).FullName;

        var saved = await CliProcess.RunAsync("docket.dll", ["files", "download", id, "--url", Server.BaseUrl, "--api-key", Server.AdminKey], workingDirectory: into);
        var piped = await Server.DocketAsync("files", "download", id, "-o", "-");

        Assert.True(saved.Code == 0, saved.ToString());
        Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(into, "report.md")));
        Assert.Equal(content, piped.Output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

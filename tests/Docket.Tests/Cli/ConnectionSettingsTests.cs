using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>Where the client commands find the server and the key: flags, then environment, then the config file, then ./.docket/admin-key.</summary>
public sealed class ConnectionSettingsTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-cli-config-").FullName;

    private DocketTestServer Server => fixture.Server;

    [Fact]
    public async Task FlagsBeatTheEnvironment_WhichBeatsTheConfigFile()
    {
        var closed = $"http://127.0.0.1:{ClosedPort.Find()}";
        var right = await ConfigAsync("right.json", Server.BaseUrl, Server.AdminKey);
        var wrongKey = await ConfigAsync("wrong-key.json", Server.BaseUrl, "dk_wrong");
        var deadUrl = await ConfigAsync("dead-url.json", closed, Server.AdminKey);

        // The config file alone is enough, and it is read.
        Assert.Equal(0, (await RunAsync(new() { ["DOCKET_CONFIG"] = right })).Code);
        Assert.Equal(1, (await RunAsync(new() { ["DOCKET_CONFIG"] = wrongKey })).Code);
        Assert.Equal(3, (await RunAsync(new() { ["DOCKET_CONFIG"] = deadUrl })).Code);

        // The environment beats the file, for the key and for the URL.
        Assert.Equal(0, (await RunAsync(new() { ["DOCKET_CONFIG"] = wrongKey, ["DOCKET_API_KEY"] = Server.AdminKey })).Code);
        Assert.Equal(1, (await RunAsync(new() { ["DOCKET_CONFIG"] = right, ["DOCKET_API_KEY"] = "dk_wrong" })).Code);
        Assert.Equal(0, (await RunAsync(new() { ["DOCKET_CONFIG"] = deadUrl, ["DOCKET_URL"] = Server.BaseUrl })).Code);
        Assert.Equal(3, (await RunAsync(new() { ["DOCKET_CONFIG"] = right, ["DOCKET_URL"] = closed })).Code);

        // Flags beat both.
        Assert.Equal(0, (await RunAsync(new() { ["DOCKET_CONFIG"] = wrongKey, ["DOCKET_API_KEY"] = "dk_wrong" }, "--api-key", Server.AdminKey)).Code);
        Assert.Equal(0, (await RunAsync(new() { ["DOCKET_CONFIG"] = deadUrl, ["DOCKET_URL"] = closed }, "--url", Server.BaseUrl)).Code);
        Assert.Equal(1, (await RunAsync(new() { ["DOCKET_CONFIG"] = right, ["DOCKET_API_KEY"] = Server.AdminKey }, "--api-key", "dk_wrong")).Code);
    }

    [Fact]
    public async Task WithoutAKeyAnywhere_TheLocalAdminKeyFileIsUsed()
    {
        var withoutKeyFile = await CliProcess.RunAsync("docket.dll", ["files", "list", "--url", Server.BaseUrl], workingDirectory: _directory);
        Directory.CreateDirectory(Path.Combine(_directory, ".docket"));
        await File.WriteAllTextAsync(Path.Combine(_directory, ".docket", "admin-key"), Server.AdminKey + "\n");
        var withKeyFile = await CliProcess.RunAsync("docket.dll", ["files", "list", "--url", Server.BaseUrl], workingDirectory: _directory);
        var keyElsewhere = await CliProcess.RunAsync("docket.dll", ["files", "list", "--url", Server.BaseUrl, "--api-key", "dk_wrong"], workingDirectory: _directory);

        Assert.Equal(1, withoutKeyFile.Code);
        Assert.True(withKeyFile.Code == 0, withKeyFile.ToString());
        Assert.Equal(1, keyElsewhere.Code);
    }

    [Fact]
    public async Task AMalformedConfigFile_IsAUsageError()
    {
        var path = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(path, "{ \"url\": ");

        var result = await RunAsync(new() { ["DOCKET_CONFIG"] = path });

        Assert.Equal(2, result.Code);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> ConfigAsync(string name, string url, string key)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, $$"""{"url": "{{url}}", "api_key": "{{key}}"}""");
        return path;
    }

    private static Task<CliResult> RunAsync(Dictionary<string, string?> environment, params string[] flags) =>
        CliProcess.RunAsync("docket.dll", ["files", "list", .. flags], environment);
}

using System.Diagnostics;
using System.Net.Http.Headers;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>`docket keys` as a separate process, on the data directory of a running server.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "docket-tests", "keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task KeysCreatedAndRevokedBesideARunningServer_TakeEffectThere()
    {
        await using var server = await DocketProcess.StartServeAsync(_data);
        var (code, output, _) = await RunAsync("keys", "create", "--tenant", "acme", "--label", "ci", "--data", _data);
        Assert.Equal(0, code);
        var key = output.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("dk_", key, StringComparison.Ordinal);

        using var acme = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/v1/") };
        acme.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(200, (await acme.GetJsonAsync("files")).Status);

        var (listCode, list, _) = await RunAsync("keys", "list", "--tenant", "acme", "--data", _data);
        Assert.Equal(0, listCode);
        Assert.Contains(key[..10], list, StringComparison.Ordinal);
        Assert.Contains("ci", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);

        var (revokeCode, _, _) = await RunAsync("keys", "revoke", key[..10], "--data", _data);
        Assert.Equal(0, revokeCode);
        await Eventually.TrueAsync(async () => (await acme.GetJsonAsync("files")).Status == 401, seconds: 10);

        var (missingCode, _, error) = await RunAsync("keys", "revoke", "dk_nothing", "--data", _data);
        Assert.Equal(1, missingCode);
        Assert.Contains("No active key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_WritesTheAdminKeyFileReadableByTheOwnerOnly()
    {
        await using var server = await DocketProcess.StartServeAsync(_data, new Dictionary<string, string> { ["DOCKET_BOOTSTRAP_KEY"] = "" });
        var path = Path.Combine(_data, "admin-key");
        var key = (await File.ReadAllTextAsync(path)).Trim();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/v1/") };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(200, (await admin.GetJsonAsync("agent/executions")).Status);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "docket.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }
}

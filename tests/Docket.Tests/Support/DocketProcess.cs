using System.Diagnostics;
using System.Net.Http.Headers;

namespace Docket.Tests.Support;

/// <summary>
/// The test host (the real `docket` command plus the test agents) in its own process, so a test
/// can kill it for real.
/// </summary>
public sealed class DocketProcess : IAsyncDisposable
{
    public const string Key = "dk_test_process_bootstrap_key_0001";

    private readonly Process _process;
    private readonly List<string> _output = [];

    private DocketProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Pid => _process.Id;

    public static Task<DocketProcess> StartServeAsync(string dataDirectory, IDictionary<string, string>? environment = null, int workers = 2) =>
        StartAsync(["serve", "--urls", "http://127.0.0.1:0", "--data", dataDirectory, "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture)], "Docket listening on ", environment);

    /// <summary>A `docket worker` process on the data directory; it has no URL.</summary>
    public static Task<DocketProcess> StartWorkerAsync(string dataDirectory, int concurrency = 2, IDictionary<string, string>? environment = null) =>
        StartAsync(["worker", "--data", dataDirectory, "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)], "Docket worker running on ", environment);

    private static async Task<DocketProcess> StartAsync(string[] args, string marker, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Docket.TestHost.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOCKET_BOOTSTRAP_KEY"] = Key;
        start.Environment["DOCKET_CONFIG__Queue__PollSeconds"] = "0.2";
        start.Environment["DOCKET_CONFIG__Queue__LeaseSeconds"] = "2";
        start.Environment["DOCKET_CONFIG__Queue__CancelCheckSeconds"] = "0.2";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("docket exited before it was ready:\n" + string.Join('\n', lines)));
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (e.Data.StartsWith(marker, StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data[marker.Length..].Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var result = new DocketProcess(process, url);
        result._output.AddRange(lines);
        return result;
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/v1/"), Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code once it has exited.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

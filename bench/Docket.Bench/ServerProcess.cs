using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Docket.Bench;

/// <summary>
/// A Docket server in a child process on a fresh data directory, so that its CPU and memory are
/// measured apart from the load generator's.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<double> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ServerProcess(Process process, string baseUrl, string apiKey, string dataDirectory, long startedAt, MachineCpu startMachineCpu, TimeSpan startSelfCpu)
    {
        StartMachineCpu = startMachineCpu;
        StartSelfCpu = startSelfCpu;
        _process = process;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        DataDirectory = dataDirectory;
        StartedAt = startedAt;
    }

    public int Pid => _process.Id;

    public string BaseUrl { get; }

    public string ApiKey { get; }

    public string DataDirectory { get; }

    /// <summary>Stopwatch timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>The machine's CPU counters just before the process was started.</summary>
    public MachineCpu StartMachineCpu { get; }

    /// <summary>This process's CPU time just before the server was started.</summary>
    public TimeSpan StartSelfCpu { get; }

    /// <summary>Milliseconds from start to the server's "Docket listening on" line.</summary>
    public double ListeningMs { get; private set; }

    /// <summary>Milliseconds from start to the first successful <c>GET /health</c>.</summary>
    public double HealthyMs { get; private set; }

    /// <summary>The CPU time the server has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> (the executable and any leading arguments) with
    /// <c>serve --urls … --data …</c> and waits until <c>/health</c> answers.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> command, int? workers, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var data = Path.Combine(Path.GetTempPath(), "docket-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var apiKey = "dk_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1).Concat(["serve", "--urls", baseUrl, "--data", data]))
        {
            info.ArgumentList.Add(arg);
        }

        if (workers is { } w)
        {
            info.ArgumentList.Add("--workers");
            info.ArgumentList.Add(w.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        info.Environment["DOCKET_BOOTSTRAP_KEY"] = apiKey;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var machine = MachineCpu.Now();
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        var server = new ServerProcess(process, baseUrl, apiKey, data, startedAt, machine, selfCpu);
        process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync(cancellationToken).ConfigureAwait(false);
            server.ListeningMs = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>An API client with exactly one keep-alive HTTP/1.1 connection of its own.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(BaseUrl + "/v1/"),
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the directory is under the temp directory.
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("Docket listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult(Stopwatch.GetElapsedTime(StartedAt).TotalMilliseconds);
        }

        lock (_output)
        {
            if (_output.Count < 200)
            {
                _output.Add(line);
            }
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeSpan.FromSeconds(60);
        while (Stopwatch.GetElapsedTime(StartedAt) < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var response = await health.GetAsync(new Uri(BaseUrl + "/health"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    HealthyMs = Stopwatch.GetElapsedTime(StartedAt).TotalMilliseconds;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer (a busy machine): ask again until the deadline.
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The server did not answer /health within {deadline.TotalSeconds} s:\n{Output()}");
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Durability;

/// <summary>A server killed with SIGKILL mid-work loses nothing it accepted and shows nothing half-done.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "docket-tests", "crash-" + Guid.NewGuid().ToString("N"));

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
    public async Task Sigkill_WithPendingRunningAndUploading_EveryAcceptedExecutionCompletesOnce()
    {
        var ids = new List<string>();
        string keptFileId;
        await using (var first = await DocketProcess.StartServeAsync(_data))
        {
            using var client = first.CreateClient();
            keptFileId = (await client.UploadAsync("kept"u8.ToArray(), "kept.txt"))["id"]!.GetValue<string>();
            for (var i = 0; i < 12; i++)
            {
                ids.Add(await client.ExecuteAsync("""{"name":"test/sleep","config":{"sleep_ms":400}}"""));
            }

            await Eventually.TrueAsync(async () => (await client.GetJsonAsync("agent/executions?status=running")).Body!.AsArray().Count > 0);

            // An upload whose body never finishes: the server dies while streaming it.
            using var uploadClient = first.CreateClient();
            var stalled = new StalledContent(4 << 20);
            using var content = new MultipartFormDataContent { { stalled, "file", "partial.bin" } };
            var upload = uploadClient.PostAsync("files?purpose=assistants", content);
            await stalled.HalfSent.WaitAsync(TimeSpan.FromSeconds(20));

            first.Kill();
            stalled.Release();
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
        }

        await using var second = await DocketProcess.StartServeAsync(_data);
        using var after = second.CreateClient();
        foreach (var id in ids)
        {
            var done = await after.WaitAsync(id, seconds: 60);
            Assert.Equal("completed", done["status"]!.GetValue<string>());
            Assert.InRange(done["attempts"]!.GetValue<int>(), 1, 2);
        }

        var (_, files) = await after.GetJsonAsync("files?limit=100");
        Assert.Equal([keptFileId], files!.AsArray().Select(f => f!["id"]!.GetValue<string>()));
        using var kept = await after.GetAsync($"files/{keptFileId}/content");
        Assert.Equal("kept", await kept.Content.ReadAsStringAsync());

        // Every execution completed exactly once: one terminal event each in its history.
        foreach (var id in ids)
        {
            using var events = await after.GetAsync($"agent/executions/{id}/events");
            var statuses = (await events.Content.ReadAsStringAsync()).Split('\n')
                .Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
                .Select(l => JsonNode.Parse(l[6..])!["status"]!.GetValue<string>()).ToList();
            Assert.Equal(1, statuses.Count(s => s == "completed"));
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        }
    }

    /// <summary>Sends half of its bytes, then waits until released and sends the rest.</summary>
    private sealed class StalledContent(int length) : HttpContent
    {
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HalfSent => _halfSent.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent < length / 2; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.FlushAsync();
            _halfSent.TrySetResult();
            await _released.Task;
            for (var sent = length / 2; sent < length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        public void Release() => _released.TrySetResult();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

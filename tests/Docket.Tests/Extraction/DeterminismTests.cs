using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using Docket.Tests.Support;

namespace Docket.Tests.Extraction;

/// <summary>
/// document/extract gives byte-identical responses for the 24 digital PDFs of the shared corpus,
/// whichever of 4 workers runs them, however many run at once, and after a restart on the same data.
/// </summary>
public sealed class DeterminismTests
{
    private const int Workers = 4;
    private const int ConcurrentRuns = 3;

    private static string Corpus => TestDocuments.SharedCorpus;

    [Fact]
    public async Task CorpusDigitalPdfs_GiveByteIdenticalResponses_AcrossConcurrentRunsAndARestart()
    {
        Assert.True(Directory.Exists(Corpus), $"the shared corpus is not at {Corpus}");
        var documents = Directory.GetDirectories(Path.Combine(Corpus, "dev"))
            .SelectMany(type => Directory.GetDirectories(type).Select(doc => (Type: Path.GetFileName(type), Doc: Path.GetFileName(doc), Pdf: Path.Combine(doc, "digital.pdf"))))
            .Where(d => File.Exists(d.Pdf))
            .OrderBy(d => d.Type, StringComparer.Ordinal).ThenBy(d => d.Doc, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(24, documents.Count);

        var responses = documents.ToDictionary(d => d.Doc, _ => new List<string>(), StringComparer.Ordinal);
        string dataDirectory;
        var first = await DocketTestServer.StartAsync(settings => settings.Workers = Workers);
        try
        {
            dataDirectory = first.DataDirectory;
            var runs = await Task.WhenAll(Enumerable.Range(0, ConcurrentRuns).Select(_ => RunAllAsync(first.Client, documents)));
            Collect(responses, runs);
        }
        finally
        {
            await first.StopAsync();
        }

        await using (var second = await DocketTestServer.StartAsync(settings => settings.Workers = Workers, dataDirectory: dataDirectory))
        {
            Collect(responses, [await RunAllAsync(second.Client, documents)]);
        }

        foreach (var (doc, texts) in responses)
        {
            Assert.Equal(ConcurrentRuns + 1, texts.Count);
            Assert.True(texts.All(t => t == texts[0]), $"{doc}: the responses differ between runs:\n{string.Join("\n", texts.Distinct(StringComparer.Ordinal))}");
        }
    }

    private static void Collect(Dictionary<string, List<string>> responses, IEnumerable<Dictionary<string, string>> runs)
    {
        foreach (var run in runs)
        {
            foreach (var (doc, text) in run)
            {
                responses[doc].Add(text);
            }
        }
    }

    /// <summary>Uploads and submits every document, then waits for all of them; the response JSON by document.</summary>
    private static async Task<Dictionary<string, string>> RunAllAsync(HttpClient client, List<(string Type, string Doc, string Pdf)> documents)
    {
        var submitted = new List<(string Doc, string Id)>();
        foreach (var (type, doc, pdf) in documents)
        {
            var file = await client.UploadAsync(await File.ReadAllBytesAsync(pdf), doc + ".pdf");
            var schema = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Corpus, "schemas", type + ".schema.json")));
            var body = new JsonObject
            {
                ["name"] = "document/extract",
                ["batch"] = true,
                ["inputs"] = new JsonObject { ["file_1"] = new JsonObject { ["type"] = "input_file", ["file_id"] = file["id"]!.GetValue<string>() } },
                ["config"] = new JsonObject { ["json_schema"] = schema },
            };
            submitted.Add((doc, await client.ExecuteAsync(body.ToJsonString())));
        }

        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (doc, id) in submitted)
        {
            var done = await client.WaitAsync(id, seconds: 300);
            Assert.True(done["status"]!.GetValue<string>() == "completed", $"{doc}: {done.ToJsonString()}");
            results[doc] = done["response"]!.ToJsonString();
        }

        return results;
    }
}

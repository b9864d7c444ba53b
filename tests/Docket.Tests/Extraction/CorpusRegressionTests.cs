using System.Text.Json.Nodes;
using Docket.Engine.Agents;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Tests.Engine;

namespace Docket.Tests.Extraction;

/// <summary>
/// A floor under the extractor's accuracy on the shared dev corpus (../shared/corpus beside the
/// repository, read only), a little below what it measures now: a change that loses fields
/// fails here. bench/Docket.Eval gives the full figures with the corpus's own score.py.
/// </summary>
public sealed class CorpusRegressionTests
{
    private const double DigitalFloor = 0.98;
    private const double ScanFloor = 0.90;

    private static string Corpus => TestDocuments.SharedCorpus;

    [Fact]
    public async Task DigitalPdfs_StayAboveTheFloor()
    {
        var (accuracy, report) = await RunAsync("digital.pdf", new DocumentReader(new ReaderLimits()));

        Assert.True(accuracy >= DigitalFloor, $"digital accuracy {accuracy:0.000} fell below {DigitalFloor}:\n{report}");
    }

    [Fact]
    public async Task Scans_StayAboveTheFloor()
    {
        var (accuracy, report) = await RunAsync("scan.png", new DocumentReader(new ReaderLimits(), new TesseractOcr(new OcrOptions())));

        Assert.True(accuracy >= ScanFloor, $"scan accuracy {accuracy:0.000} fell below {ScanFloor}:\n{report}");
    }

    private static async Task<(double Accuracy, string Report)> RunAsync(string fileName, DocumentReader reader)
    {
        Assert.True(Directory.Exists(Corpus), $"the shared corpus is not at {Corpus}");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Corpus, "dev", "manifest.json")))!;
        var scores = new List<double>();
        var report = new List<string>();
        foreach (var document in manifest["documents"]!.AsArray())
        {
            var directory = Path.Combine(Corpus, "dev", document!["path"]!.GetValue<string>());
            var file = Path.Combine(directory, fileName);
            if (!File.Exists(file))
            {
                continue;
            }

            var schema = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Corpus, "schemas", document["type"]!.GetValue<string>() + ".schema.json")))!.AsObject();
            var layout = await reader.ReadAsync(await File.ReadAllBytesAsync(file), null, fileName, CancellationToken.None);
            var prediction = DocumentExtractAgent.Extract(schema, [layout]).Response;
            var (correct, total) = CorpusScore.Score(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "truth.json"))), prediction);
            scores.Add((double)correct / total);
            report.Add($"{document["doc_id"]}: {correct}/{total}");
        }

        Assert.NotEmpty(scores);
        return (scores.Average(), string.Join('\n', report));
    }
}

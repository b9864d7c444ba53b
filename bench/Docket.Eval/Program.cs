using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Engine.Agents;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;

// Runs the built-in extractor over a corpus (see /work/shared/corpus/README.md), writes one
// prediction per document and scores them with the corpus's score.py.
//   Docket.Eval [--corpus DIR] [--out DIR] [--variant digital|scan] [--doc ID] [--grounding] [--psm 3,6]
//   Docket.Eval --dump FILE | --schema SCHEMA.json --file DOCUMENT [--grounding]
var corpus = Arg("--corpus") ?? "/work/shared/corpus/dev";
var variant = Arg("--variant") ?? "digital";
var output = Arg("--out") ?? Path.Combine(Path.GetTempPath(), "docket-eval", variant);
var reader = new DocumentReader(new ReaderLimits(), new TesseractOcr(new OcrOptions { PageSegmentation = Arg("--psm") ?? "3,6" }));

if (Arg("--dump") is { } dumpFile)
{
    var layout = await reader.ReadAsync(File.ReadAllBytes(dumpFile), null, dumpFile, CancellationToken.None);
    foreach (var page in layout.Pages)
    {
        Console.WriteLine($"--- page {page.Number} {page.Width}x{page.Height}");
        foreach (var line in page.Lines)
        {
            var height = line.Words.Select(w => w.Box.Height).Order().ElementAt(line.Words.Count / 2);
            Console.WriteLine($"[{line.Block,2}] {line.Box.Left,6:0} {line.Box.Top,6:0} h{height,4:0.0} | {line.Text.Replace("\t", " ⇥ ", StringComparison.Ordinal)}");
        }
    }

    return 0;
}

if (Arg("--schema") is { } schemaFile && Arg("--file") is { } inputFile)
{
    var single = await reader.ReadAsync(File.ReadAllBytes(inputFile), null, inputFile, CancellationToken.None);
    var (singleResponse, singleGrounding) = DocumentExtractAgent.Extract(JsonNode.Parse(File.ReadAllText(schemaFile))!.AsObject(), [single]);
    Console.WriteLine(singleResponse.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    if (Flag("--grounding"))
    {
        Console.WriteLine(singleGrounding.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    return 0;
}

var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(corpus, "manifest.json")))!;
var schemas = Path.GetFullPath(Path.Combine(corpus, "..", "schemas"));
Directory.CreateDirectory(output);
foreach (var old in Directory.GetFiles(output, "*.json"))
{
    File.Delete(old);
}

var only = Arg("--doc");
var pages = 0;
var total = Stopwatch.StartNew();
foreach (var document in manifest["documents"]!.AsArray())
{
    var id = document!["doc_id"]!.GetValue<string>();
    var type = document["type"]!.GetValue<string>();
    var file = Path.Combine(corpus, document["path"]!.GetValue<string>(), variant == "scan" ? "scan.png" : "digital.pdf");
    if (!File.Exists(file) || only is not null && id != only)
    {
        continue;
    }

    var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(schemas, type + ".schema.json")))!.AsObject();
    var watch = Stopwatch.StartNew();
    var layout = await reader.ReadAsync(File.ReadAllBytes(file), null, file, CancellationToken.None);
    var (response, grounding) = DocumentExtractAgent.Extract(schema, [layout]);
    pages += layout.Pages.Count;
    File.WriteAllText(Path.Combine(output, id + ".json"), response.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    if (Flag("--grounding"))
    {
        File.WriteAllText(Path.Combine(output, id + ".grounding"), grounding.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    Console.WriteLine($"{id,-24} {watch.Elapsed.TotalMilliseconds,7:0} ms");
}

Console.WriteLine($"{pages} pages in {total.Elapsed.TotalMilliseconds:0} ms: {total.Elapsed.TotalMilliseconds / Math.Max(1, pages):0} ms/page");
if (Flag("--no-score"))
{
    return 0;
}

// Only the documents that were run are scored: a scan run covers the third of the corpus that has scans.
var scored = Path.Combine(Path.GetTempPath(), "docket-eval", variant + "-truth");
if (Directory.Exists(scored))
{
    Directory.Delete(scored, recursive: true);
}

foreach (var document in manifest["documents"]!.AsArray())
{
    var id = document!["doc_id"]!.GetValue<string>();
    if (File.Exists(Path.Combine(output, id + ".json")))
    {
        var directory = Path.Combine(scored, document["path"]!.GetValue<string>());
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(corpus, document["path"]!.GetValue<string>(), "truth.json"), Path.Combine(directory, "truth.json"));
    }
}

File.Copy(Path.Combine(corpus, "manifest.json"), Path.Combine(scored, "manifest.json"));
var score = new ProcessStartInfo("python3") { RedirectStandardOutput = false };
foreach (var a in new[] { Path.Combine(corpus, "..", "score.py"), "--corpus", scored, "--schemas", schemas, "--predictions", output, "--show-errors", Arg("--errors") ?? "40" })
{
    score.ArgumentList.Add(a);
}

using var process = Process.Start(score)!;
await process.WaitForExitAsync();
return process.ExitCode;

string? Arg(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

bool Flag(string name) => args.Contains(name);

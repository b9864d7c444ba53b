using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Engine.Agents;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;

// Runs the built-in extractor over a corpus (../shared/corpus beside the repository), writes one
// prediction per document and scores them with the corpus's score.py.
//   Docket.Eval [--corpus DIR] [--out DIR] [--variant digital|scan] [--doc ID] [--grounding] [--psm 3,6]
//   Docket.Eval --dump FILE | --schema SCHEMA.json --file DOCUMENT [--grounding]
//   Docket.Eval --server http://127.0.0.1:8420 --key KEY [--variant scan]   (through a running server's API)
var corpus = Arg("--corpus") ?? DefaultCorpus();
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
    if (Arg("--server") is { } server)
    {
        // Through a running server's API, as a client would: upload, execute, wait.
        var response = await ExecuteOverHttpAsync(server, Arg("--key") ?? string.Empty, file, schema);
        File.WriteAllText(Path.Combine(output, id + ".json"), response.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        pages += 1;
    }
    else
    {
        var layout = await reader.ReadAsync(File.ReadAllBytes(file), null, file, CancellationToken.None);
        var (response, grounding) = DocumentExtractAgent.Extract(schema, [layout]);
        pages += layout.Pages.Count;
        File.WriteAllText(Path.Combine(output, id + ".json"), response.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (Flag("--grounding"))
        {
            File.WriteAllText(Path.Combine(output, id + ".grounding"), grounding.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
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

static async Task<JsonNode> ExecuteOverHttpAsync(string server, string key, string file, JsonObject schema)
{
    using var http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/v1/"), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    using var form = new MultipartFormDataContent();
    var part = new ByteArrayContent(await File.ReadAllBytesAsync(file));
    part.Headers.ContentType = new MediaTypeHeaderValue(file.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "application/pdf");
    form.Add(part, "file", Path.GetFileName(file));
    using var uploaded = await http.PostAsync("files?purpose=assistants", form);
    uploaded.EnsureSuccessStatusCode();
    var fileId = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    var body = new JsonObject
    {
        ["inputs"] = new JsonObject { ["document"] = new JsonObject { ["type"] = "input_file", ["file_id"] = fileId } },
        ["config"] = new JsonObject { ["prompt"] = "Extract the document.", ["json_schema"] = schema.DeepClone() },
    };
    using var submitted = await http.PostAsync("agent/execute", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    submitted.EnsureSuccessStatusCode();
    var executionId = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    while (true)
    {
        var execution = JsonNode.Parse(await http.GetStringAsync($"agent/executions/{executionId}?wait=30"))!;
        switch (execution["status"]!.GetValue<string>())
        {
            case "completed":
                return execution["response"]!;
            case "failed":
                throw new InvalidOperationException($"{file}: {execution["error"]?.ToJsonString()}");
        }
    }
}

string? Arg(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

bool Flag(string name) => args.Contains(name);

// The shared corpus lives beside the repository: ../shared/corpus/dev from the directory holding Docket.slnx.
static string DefaultCorpus()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Docket.slnx")))
        {
            return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "corpus", "dev"));
        }
    }

    return Path.GetFullPath(Path.Combine("..", "shared", "corpus", "dev"));
}

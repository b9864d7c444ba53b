// Compares two documents, as in VLM Run's docs: two typed file inputs (file_1, file_2) and an
// inline config with only a prompt, then prints the response.
//
//   dotnet run --project samples/CompareDocuments -- [--url URL] [--api-key KEY] FIRST SECOND
//
// FIRST and SECOND are local files (uploaded first) or http(s) URLs. Without --url and --api-key
// the client reads DOCKET_URL and DOCKET_API_KEY.
using System.Text.Json;
using System.Text.Json.Serialization;
using Docket.Client;

string? url = null;
string? apiKey = null;
var documents = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--url" when i + 1 < args.Length:
            url = args[++i];
            break;
        case "--api-key" when i + 1 < args.Length:
            apiKey = args[++i];
            break;
        default:
            documents.Add(args[i]);
            break;
    }
}

if (documents.Count != 2 || documents.Any(d => d.StartsWith('-')))
{
    await Console.Error.WriteLineAsync("usage: CompareDocuments [--url URL] [--api-key KEY] FIRST SECOND");
    return 2;
}

using var client = new DocketClient(new DocketClientOptions { BaseUrl = url, ApiKey = apiKey });
var inputs = new CompareInputs(await ContentAsync(client, documents[0]), await ContentAsync(client, documents[1]));
var execution = await client.Agent.ExecuteAsync(new ExecuteRequest
{
    Inputs = inputs,
    Config = new AgentConfig { Prompt = "Compare the two documents and summarize the key differences." },
});

try
{
    var done = await client.Executions.WaitAsync(execution.Id, TimeSpan.FromMinutes(5));
    Console.WriteLine(done.Response?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null");
    return 0;
}
catch (ExecutionFailedException failure)
{
    await Console.Error.WriteLineAsync(failure.Message);
    return 1;
}

static async Task<MessageContent> ContentAsync(DocketClient client, string document)
{
    if (Uri.TryCreate(document, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
    {
        return MessageContent.FileUrl(url);
    }

    // Uploading the same content twice costs nothing: the client finds it on the server by its MD5.
    var file = await client.Files.UploadAsync(document);
    return MessageContent.File(file.Id);
}

/// <summary>The execution's inputs: the two documents, named as VLM Run's example names them.</summary>
internal sealed record CompareInputs(
    [property: JsonPropertyName("file_1")] MessageContent File1,
    [property: JsonPropertyName("file_2")] MessageContent File2);

using System.Text.Json.Nodes;
using Docket.Tests.Contract;
using Docket.Tests.Support;

namespace Docket.Tests.Legacy;

/// <summary>Requests as npm <c>vlmrun@0.2.12</c> builds them, and the checks its callers rely on.</summary>
internal static class Legacy
{
    public static byte[] InvoicePdf => File.ReadAllBytes(Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf"));

    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] Png = Docket.TestHost.ArtifactAgent.Png;

    /// <summary>The body of <c>client.document.generate({fileId, domain, batch})</c>: every config and metadata key, undefined ones left out.</summary>
    public static string DocumentBody(string fileOrUrl, string? domain, bool batch, string? jsonSchema = null, string? gql = null, bool url = false)
    {
        var config = new JsonObject { ["detail"] = "auto" };
        if (jsonSchema is not null)
        {
            config["json_schema"] = JsonNode.Parse(jsonSchema);
        }

        config["confidence"] = false;
        config["grounding"] = false;
        config["gql_stmt"] = gql;
        var body = new JsonObject { [url ? "url" : "file_id"] = fileOrUrl };
        if (domain is not null)
        {
            body["domain"] = domain;
        }

        body["batch"] = batch;
        body["config"] = config;
        body["metadata"] = new JsonObject { ["environment"] = "dev", ["allow_training"] = true };
        return body.ToJsonString();
    }

    /// <summary>The body of <c>client.image.generate({images, domain, batch})</c>: model defaults to vlm-1.</summary>
    public static string ImageBody(IEnumerable<string> images, string domain, bool batch) =>
        new JsonObject
        {
            ["images"] = new JsonArray([.. images.Select(i => (JsonNode)i)]),
            ["model"] = "vlm-1",
            ["domain"] = domain,
            ["batch"] = batch,
            ["config"] = new JsonObject { ["detail"] = "auto", ["confidence"] = false, ["grounding"] = false, ["gql_stmt"] = null },
            ["metadata"] = new JsonObject { ["environment"] = "dev", ["allow_training"] = true },
        }.ToJsonString();

    public static async Task<string> UploadInvoiceAsync(HttpClient client) =>
        WireAssert.String(await client.UploadAsync(InvoicePdf, "invoice.pdf", "application/pdf"), "id");

    /// <summary>PredictionResponse as the client types it: id, created_at, completed_at, response, status, usage, plus domain and message.</summary>
    public static JsonObject Prediction(JsonNode? node, string expectedStatus)
    {
        var prediction = Assert.IsType<JsonObject>(node);
        Assert.Equal(["id", "created_at", "completed_at", "response", "status", "usage", "domain", "message"], prediction.Select(p => p.Key));
        Assert.False(string.IsNullOrEmpty(WireAssert.String(prediction, "id")));
        WireAssert.Timestamp(prediction["created_at"]);
        Assert.Equal(expectedStatus, WireAssert.String(prediction, "status"));
        var usage = Assert.IsType<JsonObject>(prediction["usage"]);
        WireAssert.Integer(usage, "elements_processed");
        WireAssert.Integer(usage, "credits_used");
        if (expectedStatus == "completed")
        {
            WireAssert.Timestamp(prediction["completed_at"]);
            Assert.IsType<JsonObject>(prediction["response"]);
            WireAssert.Null(prediction, "message");
        }
        else if (expectedStatus is "pending" or "running")
        {
            WireAssert.Null(prediction, "completed_at");
            WireAssert.Null(prediction, "response");
        }

        return prediction;
    }

    /// <summary>What <c>client.predictions.wait(id)</c> does, with the server's long-poll instead of sleeps.</summary>
    public static async Task<JsonObject> WaitAsync(HttpClient client, string id, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            await client.GetJsonAsync($"agent/executions/{id}?wait=5");
            var (status, body) = await client.GetJsonAsync($"predictions/{id}");
            Assert.Equal(200, status);
            if (WireAssert.String(body, "status") is "completed" or "failed")
            {
                return body!.AsObject();
            }

            Assert.True(DateTime.UtcNow < deadline, $"prediction {id} did not end within {seconds} s");
        }
    }
}

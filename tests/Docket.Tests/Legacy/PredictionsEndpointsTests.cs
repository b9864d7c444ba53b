using System.Diagnostics;
using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Tests.Contract;
using Docket.Tests.Support;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Docket.Tests.Legacy;

public sealed class PredictionsEndpointsTests(LegacyServerFixture fixture, LoopbackHttpServer web) : IClassFixture<LegacyServerFixture>, IClassFixture<LoopbackHttpServer>
{
    private const string SleepSchema = """{"type":"object","x-test-sleep-ms":4000,"properties":{"label":{"type":"string"}}}""";

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task DocumentGenerate_NotBatch_AnswersWithTheCompletedPrediction()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);

        var (status, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.invoice", batch: false));

        Assert.Equal(201, status);
        var prediction = Legacy.Prediction(body, "completed");
        Assert.Equal("document.invoice", WireAssert.String(prediction, "domain"));
        var response = prediction["response"]!.AsObject();
        Assert.Equal(["invoice_number", "invoice_date", "due_date", "currency", "vendor", "customer", "line_items", "subtotal", "tax", "total", "payment_terms"], response.Select(p => p.Key));
        Assert.Equal(["name", "address", "tax_id"], response["vendor"]!.AsObject().Select(p => p.Key));
        Assert.Equal(1, WireAssert.Integer(prediction["usage"], "elements_processed"));
        Assert.Equal("page", WireAssert.String(prediction["usage"], "element_type"));
    }

    [Fact]
    public async Task DocumentGenerate_RunsAnExecutionWithTheDomainSchema()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);
        var (_, schema) = await Client.PostJsonAsync("hub/schema", """{"domain":"document.receipt"}""");

        var (_, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.receipt", batch: false));
        var (status, execution) = await Client.GetJsonAsync($"agent/executions/{WireAssert.String(body, "id")}");

        Assert.Equal(200, status);
        Assert.Equal("document/extract", WireAssert.String(execution, "name"));
        Assert.Equal("completed", WireAssert.String(execution, "status"));
        Assert.Equal("document.receipt", WireAssert.String(execution!["metadata"], "domain"));
        Assert.Equal(schema!["json_schema"]!["properties"]!.AsObject().Select(p => p.Key), execution["response"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task DocumentGenerate_Batch_AnswersAtOnceWithAPendingPredictionThatCompletes()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);

        var (status, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.bank-statement", batch: true));

        Assert.Equal(201, status);
        var pending = Legacy.Prediction(body, "pending");
        Assert.Equal("document.bank-statement", WireAssert.String(pending, "domain"));
        var done = Legacy.Prediction(await Legacy.WaitAsync(Client, WireAssert.String(pending, "id")), "completed");
        Assert.Equal(WireAssert.String(pending, "id"), WireAssert.String(done, "id"));
        Assert.Empty(Assert.IsType<JsonArray>(done["response"]!["transactions"]));
    }

    [Fact]
    public async Task DocumentGenerate_NotBatch_AnswersWithTheCurrentStateWhenTheWaitBoundPasses()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);
        var clock = Stopwatch.StartNew();

        var (status, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, null, batch: false, jsonSchema: SleepSchema));
        var answeredAfter = clock.Elapsed;

        Assert.Equal(201, status);
        Assert.Contains(WireAssert.String(body, "status"), new[] { "pending", "running" });
        Assert.InRange(answeredAfter.TotalSeconds, LegacyServerFixture.SyncWaitSeconds - 0.1, 3.9);
        var done = await Legacy.WaitAsync(Client, WireAssert.String(body, "id"));
        Assert.Equal("completed", WireAssert.String(done, "status"));
        Assert.Equal(string.Empty, WireAssert.String(done["response"], "label"));
    }

    [Fact]
    public async Task DocumentGenerate_WithItsOwnJsonSchema_FillsThatSchema()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);
        const string schema = """{"type":"object","properties":{"vendor_name":{"type":"string"},"paid":{"type":"boolean"},"lines":{"type":"array","items":{"type":"object"}}}}""";

        var (status, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, null, batch: false, jsonSchema: schema));

        Assert.Equal(201, status);
        var prediction = Legacy.Prediction(body, "completed");
        WireAssert.Null(prediction, "domain");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"vendor_name":"","paid":false,"lines":[]}"""), prediction["response"]));
    }

    [Fact]
    public async Task DocumentGenerate_WithAGqlStmt_FillsOnlyTheSelectedFields()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);

        var (status, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.invoice", batch: false, gql: "{ invoice_number customer { name } }"));

        Assert.Equal(201, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"invoice_number":"","customer":{"name":""}}"""), Legacy.Prediction(body, "completed")["response"]));
    }

    [Fact]
    public async Task DocumentGenerate_WithAUrl_DownloadsTheDocument()
    {
        var (status, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(web.Url("file/report.pdf").ToString(), "document.invoice", batch: false, url: true));

        Assert.Equal(201, status);
        Legacy.Prediction(body, "completed");
    }

    [Fact]
    public async Task DocumentGenerate_WhenTheExecutionFails_AnswersAFailedPredictionWithItsMessage()
    {
        var (status, body) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(web.Url("status/404").ToString(), "document.invoice", batch: false, url: true));

        Assert.Equal(201, status);
        var prediction = Legacy.Prediction(body, "failed");
        Assert.Contains("404", WireAssert.String(prediction, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageGenerate_WithDataUrlsAndBareBase64_RunsOnTheImageBytes()
    {
        var base64 = Convert.ToBase64String(Legacy.Png);

        var (status, body) = await Client.PostJsonAsync("image/generate", Legacy.ImageBody([$"data:image/png;base64,{base64}", base64], "document.receipt", batch: false));

        Assert.Equal(201, status);
        var prediction = Legacy.Prediction(body, "completed");
        Assert.Equal("document.receipt", WireAssert.String(prediction, "domain"));
        Assert.Equal(2, WireAssert.Integer(prediction["usage"], "elements_processed"));
        Assert.Equal("image", WireAssert.String(prediction["usage"], "element_type"));
        Assert.Equal("", WireAssert.String(prediction["response"], "merchant_name"));
    }

    [Fact]
    public async Task ImageGenerate_WithASingleImageField_IsAccepted()
    {
        var body = new JsonObject { ["image"] = Convert.ToBase64String(Legacy.Png), ["domain"] = "document.invoice", ["batch"] = true }.ToJsonString();

        var (status, answer) = await Client.PostJsonAsync("image/generate", body);

        Assert.Equal(201, status);
        Assert.Equal("completed", WireAssert.String(await Legacy.WaitAsync(Client, WireAssert.String(Legacy.Prediction(answer, "pending"), "id")), "status"));
    }

    [Fact]
    public async Task ImageGenerate_WithAUrl_DownloadsTheImage()
    {
        var (status, body) = await Client.PostJsonAsync("image/generate", Legacy.ImageBody([web.Url("untyped/photo.png").ToString()], "document.receipt", batch: false));

        Assert.Equal(201, status);
        Assert.Equal(1, WireAssert.Integer(Legacy.Prediction(body, "completed")["usage"], "elements_processed"));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("aGVsbG8gd29ybGQ=")]
    [InlineData("data:image/png;base64,@@@")]
    [InlineData("ftp://example.com/a.png")]
    public async Task ImageGenerate_WithSomethingThatIsNotAnImage_Returns400(string image)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync("image/generate", Legacy.ImageBody([image], "document.invoice", batch: true)), "invalid_request");
    }

    [Theory]
    [InlineData("""{"domain":"document.invoice","images":[]}""")]
    [InlineData("""{"domain":"document.invoice"}""")]
    [InlineData("""{"domain":"document.invoice","images":[5]}""")]
    public async Task ImageGenerate_WithoutImages_Returns400(string body)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync("image/generate", body), "invalid_request");
    }

    [Theory]
    [InlineData("""{"domain":"document.invoice","batch":true}""")]
    [InlineData("""{"file_id":"f","url":"http://example.com/a.pdf","domain":"document.invoice"}""")]
    [InlineData("""{"file_id":7,"domain":"document.invoice"}""")]
    [InlineData("""{"file_id":"f","domain":"document.invoice","batch":"no"}""")]
    [InlineData("""{"file_id":"f","domain":5}""")]
    [InlineData("""{"file_id":"f","domain":"document.invoice","config":[]}""")]
    [InlineData("""{"file_id":"f","domain":"document.invoice","config":{"json_schema":"x"}}""")]
    [InlineData("""{"file_id":"f","domain":"document.invoice","metadata":1}""")]
    [InlineData("""{"file_id":"f"}""")]
    [InlineData("""{"file_id":"f","domain":"document.invoice","config":{"gql_stmt":"{ nope }"}}""")]
    [InlineData("""{"file_id":"f","domain":"document.invoice","metadata":{"session_id":"a b"}}""")]
    [InlineData("{")]
    public async Task DocumentGenerate_WithAnInvalidRequest_Returns400(string body)
    {
        WireAssert.ClientError(await Client.PostJsonAsync("document/generate", body), 400);
    }

    [Fact]
    public async Task DocumentGenerate_OnAnUnknownDomain_Returns404()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);

        WireAssert.Problem(404, await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.tax-return", batch: false)), "domain_not_found");
    }

    [Fact]
    public async Task DocumentGenerate_OnAnUnknownFile_Returns404()
    {
        WireAssert.Problem(404, await Client.PostJsonAsync("document/generate", Legacy.DocumentBody("0198c0de-0000-7000-8000-000000000000", "document.invoice", batch: false)), "file_not_found");
    }

    [Fact]
    public async Task DocumentGenerate_WithAFileUrlThatIsNotHttp_Returns422()
    {
        WireAssert.Problem(422, await Client.PostJsonAsync("document/generate", Legacy.DocumentBody("file:///etc/passwd", "document.invoice", batch: false, url: true)));
    }

    [Fact]
    public async Task Generate_WithoutAnExtractionEngine_Returns422()
    {
        // No handler at all, so none can fill a schema, whichever extractor this build ships.
        await using var plain = await DocketTestServer.StartAsync(services: services => services.RemoveAll<IAgentHandler>());
        var fileId = await Legacy.UploadInvoiceAsync(plain.Client);

        var document = await plain.Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.invoice", batch: false));
        var image = await plain.Client.PostJsonAsync("image/generate", Legacy.ImageBody([Convert.ToBase64String(Legacy.Png)], "document.invoice", batch: true));

        Assert.Contains("document/extract", WireAssert.String(WireAssert.Problem(422, document, "unsupported"), "detail"), StringComparison.Ordinal);
        WireAssert.Problem(422, image, "unsupported");
        var (_, predictions) = await plain.Client.GetJsonAsync("predictions");
        Assert.Empty(Assert.IsType<JsonArray>(predictions));
    }

    [Fact]
    public async Task Predictions_ListAndGet_ShowExecutionsAsPredictionsNewestFirst()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);
        var (_, first) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.invoice", batch: false));
        var (_, second) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.receipt", batch: false));

        var (listStatus, list) = await Client.GetJsonAsync("predictions?skip=0&limit=2");
        var (getStatus, got) = await Client.GetJsonAsync($"predictions/{WireAssert.String(first, "id")}");

        Assert.Equal(200, listStatus);
        var items = Assert.IsType<JsonArray>(list);
        Assert.Equal([WireAssert.String(second, "id"), WireAssert.String(first, "id")], items.Select(i => WireAssert.String(i, "id")));
        Assert.All(items, i => Legacy.Prediction(i, "completed"));
        Assert.Equal(200, getStatus);
        Assert.True(JsonNode.DeepEquals(first, got));
    }

    [Fact]
    public async Task Predictions_IncludeExecutionsSubmittedThroughTheAgentApi()
    {
        var id = await Client.ExecuteAsync("""{"name":"test/noop","inputs":{}}""");
        await Client.WaitAsync(id);

        var (status, body) = await Client.GetJsonAsync($"predictions/{id}");

        Assert.Equal(200, status);
        var prediction = Legacy.Prediction(body, "completed");
        WireAssert.Null(prediction, "domain");
        Assert.True(prediction["response"]!["ok"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("predictions/0198c0de-0000-7000-8000-000000000000")]
    [InlineData("predictions/not%20an%20id")]
    public async Task Predictions_GetUnknown_Returns404(string path)
    {
        WireAssert.Problem(404, await Client.GetJsonAsync(path), "not_found");
    }

    [Theory]
    [InlineData("predictions?limit=0")]
    [InlineData("predictions?skip=-1")]
    public async Task Predictions_ListWithBadPaging_Returns400(string path)
    {
        WireAssert.Problem(400, await Client.GetJsonAsync(path));
    }

    [Fact]
    public async Task Predictions_OfAnotherTenant_AreNotFoundAndNotListed()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);
        var (_, mine) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.invoice", batch: false));
        var id = WireAssert.String(mine, "id");
        using var other = await fixture.Server.CreateTenantClientAsync("legacy-other");

        var get = await other.GetJsonAsync($"predictions/{id}");
        var (_, list) = await other.GetJsonAsync("predictions?limit=1000");
        var generate = await other.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.invoice", batch: false));
        var feedback = await other.PostJsonAsync("experimental/feedback/submit", $$"""{"request_id":"{{id}}","notes":"not mine"}""");

        WireAssert.Problem(404, get, "not_found");
        Assert.DoesNotContain(id, Assert.IsType<JsonArray>(list).Select(i => WireAssert.String(i, "id")));
        WireAssert.Problem(404, generate, "file_not_found");
        WireAssert.Problem(404, feedback, "not_found");
    }

    [Fact]
    public async Task Feedback_OnAPrediction_IsAcceptedAsTheClientSendsIt()
    {
        var fileId = await Legacy.UploadInvoiceAsync(Client);
        var (_, prediction) = await Client.PostJsonAsync("document/generate", Legacy.DocumentBody(fileId, "document.invoice", batch: false));
        var id = WireAssert.String(prediction, "id");

        // feedback.submit({id, label, notes, flag})
        var (status, body) = await Client.PostJsonAsync("experimental/feedback/submit", $$"""{"request_id":"{{id}}","response":{"invoice_number":"INV-2024-0042"},"notes":"number was empty","flag":true}""");
        var (_, list) = await Client.GetJsonAsync($"feedback/{id}");

        Assert.Equal(200, status);
        Assert.Equal(id, WireAssert.String(body, "request_id"));
        WireAssert.Timestamp(body!["created_at"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"invoice_number":"INV-2024-0042"}"""), body["response"]));
        var item = Assert.Single(Assert.IsType<JsonArray>(list!["items"]));
        Assert.Equal("number was empty", WireAssert.String(item, "notes"));
    }

    [Theory]
    [InlineData("POST", "document/generate")]
    [InlineData("POST", "image/generate")]
    [InlineData("GET", "predictions")]
    [InlineData("GET", "predictions/0198c0de-0000-7000-8000-000000000000")]
    public async Task Predictions_WithoutAKey_Return401(string method, string path)
    {
        using var anonymous = fixture.Server.CreateClient(null);

        WireAssert.Problem(401, await anonymous.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null), "unauthorized");
    }
}

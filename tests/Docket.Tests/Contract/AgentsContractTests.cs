using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Contract;

public sealed class AgentsContractTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary><c>Invoice.model_json_schema()</c> of a pydantic model with a nested model and an optional date.</summary>
    private const string InvoiceSchema = """{"$defs": {"LineItem": {"properties": {"description": {"title": "Description", "type": "string"}, "amount": {"title": "Amount", "type": "number"}}, "required": ["description", "amount"], "title": "LineItem", "type": "object"}}, "properties": {"invoice_id": {"description": "The invoice number", "title": "Invoice Id", "type": "string"}, "total": {"title": "Total", "type": "number"}, "due_date": {"anyOf": [{"format": "date", "type": "string"}, {"type": "null"}], "default": null, "title": "Due Date"}, "items": {"items": {"$ref": "#/$defs/LineItem"}, "title": "Items", "type": "array"}}, "required": ["invoice_id", "total", "items"], "title": "Invoice", "type": "object"}""";

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Create_WithSdkBody_ReturnsAgentCreationResponse()
    {
        var (status, body) = await CreateAsync("invoice-extractor:1.0.0", "Extract the invoice number, total and line items.", InvoiceSchema);

        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(WireAssert.String(body, "id")));
        Assert.Equal("invoice-extractor:1.0.0", WireAssert.String(body, "name"));
        WireAssert.Timestamp(body!["created_at"]);
        WireAssert.Timestamp(body["updated_at"]);
        Assert.Equal("completed", WireAssert.String(body, "status"));
    }

    [Fact]
    public async Task Create_SameNameVersionAndConfig_ReturnsSameAgent()
    {
        var (_, first) = await CreateAsync("same-config:2.1.0", "Read the receipt.", InvoiceSchema);
        var (status, second) = await CreateAsync("same-config:2.1.0", "Read the receipt.", InvoiceSchema);

        Assert.Equal(200, status);
        Assert.Equal(Id(first), Id(second));
        Assert.Equal("same-config:2.1.0", WireAssert.String(second, "name"));
    }

    [Fact]
    public async Task Create_SameNameVersionWithOtherConfig_Returns409()
    {
        await CreateAsync("immutable:1.0.0", "Read the receipt.", null);

        WireAssert.Problem(409, await CreateAsync("immutable:1.0.0", "Read the receipt, carefully.", null), "agent_version_exists");
        var (_, info) = await LookupAsync("""{"name": "immutable:1.0.0"}""");
        Assert.Equal("Read the receipt.", WireAssert.String(info, "prompt"));
    }

    [Fact]
    public async Task Create_BareName_AssignsNextVersionOnlyWhenConfigChanges()
    {
        var (_, v1) = await CreateAsync("receipt-reader", "Read the receipt total.", null);
        var (_, again) = await CreateAsync("receipt-reader", "Read the receipt total.", null);
        var (_, v2) = await CreateAsync("receipt-reader", "Read the receipt total and tax.", null);
        var (_, v2Again) = await CreateAsync("receipt-reader", "Read the receipt total and tax.", null);

        Assert.Equal("receipt-reader:v1", WireAssert.String(v1, "name"));
        Assert.Equal(Id(v1), Id(again));
        Assert.Equal("receipt-reader:v1", WireAssert.String(again, "name"));
        Assert.Equal("receipt-reader:v2", WireAssert.String(v2, "name"));
        Assert.NotEqual(Id(v1), Id(v2));
        Assert.Equal(Id(v2), Id(v2Again));
    }

    [Fact]
    public async Task Create_WithoutName_DerivesNameFromPrompt()
    {
        var (status, body) = await Sdk.PostAsync(Client, "agent/create", """{"name": null, "inputs": null, "config": {"prompt": "Summarize the shipping manifest"}}""");

        Assert.Equal(200, status);
        Assert.Equal("summarize-the-shipping-manifest:v1", WireAssert.String(body, "name"));
    }

    [Fact]
    public async Task Lookup_ById_ReturnsAgentInfo()
    {
        const string prompt = "Extract every field of the purchase order.";
        var (_, created) = await CreateAsync("purchase-order:3.0.0", prompt, InvoiceSchema);

        var (status, info) = await LookupAsync($$"""{"id": "{{Id(created)}}"}""");

        Assert.Equal(200, status);
        AssertAgentInfo(info, Id(created), "purchase-order:3.0.0", prompt, JsonNode.Parse(InvoiceSchema));
        Assert.Equal(WireAssert.String(created, "created_at"), WireAssert.String(info, "created_at"));
    }

    [Fact]
    public async Task AgentInfo_JsonSample_IsShapedLikeTheSchema()
    {
        var (_, created) = await CreateAsync("sampled:1.0.0", "Extract the invoice.", InvoiceSchema);

        var (_, info) = await LookupAsync($$"""{"id": "{{Id(created)}}"}""");

        var sample = Assert.IsType<JsonObject>(info!["json_sample"]);
        Assert.Equal(["invoice_id", "total", "due_date", "items"], sample.Select(p => p.Key));
        Assert.Equal(JsonValueKind.String, sample["invoice_id"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, sample["total"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, sample["due_date"]!.GetValueKind());
        var item = Assert.IsType<JsonObject>(Assert.Single(Assert.IsType<JsonArray>(sample["items"])));
        Assert.Equal(JsonValueKind.String, item["description"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, item["amount"]!.GetValueKind());
    }

    [Fact]
    public async Task Lookup_ByBareName_ReturnsLatestVersion()
    {
        var (_, v1) = await CreateAsync("lookup-latest", "First prompt for lookup.", null);
        var (_, v2) = await CreateAsync("lookup-latest", "Second prompt for lookup.", null);

        var (status, latest) = await LookupAsync("""{"name": "lookup-latest"}""");
        var (_, first) = await LookupAsync("""{"name": "lookup-latest:v1"}""");

        Assert.Equal(200, status);
        AssertAgentInfo(latest, Id(v2), "lookup-latest:v2", "Second prompt for lookup.", null);
        AssertAgentInfo(first, Id(v1), "lookup-latest:v1", "First prompt for lookup.", null);
    }

    [Fact]
    public async Task Lookup_ByPrompt_ReturnsAgent()
    {
        const string prompt = "Find the tracking number on the parcel label.";
        var (_, created) = await CreateAsync("parcel-label:1.0.0", prompt, null);

        var (status, info) = await LookupAsync($$"""{"prompt": "{{prompt}}"}""");

        Assert.Equal(200, status);
        AssertAgentInfo(info, Id(created), "parcel-label:1.0.0", prompt, null);
    }

    [Theory]
    [InlineData("""{"id": "a", "name": "b"}""")]
    [InlineData("""{"name": "b", "prompt": "c"}""")]
    [InlineData("""{"id": "a", "name": "b", "prompt": "c"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"id": null, "name": null}""")]
    public async Task Lookup_WithTwoKeysOrNone_Returns400(string json)
    {
        WireAssert.Problem(400, await LookupAsync(json));
    }

    [Theory]
    [InlineData("""{"id": "0198c0de-0000-7000-8000-000000000000"}""")]
    [InlineData("""{"name": "no-such-agent"}""")]
    [InlineData("""{"name": "no-such-agent:9.9.9"}""")]
    [InlineData("""{"prompt": "A prompt nobody ever used."}""")]
    public async Task Lookup_Unknown_Returns404(string json)
    {
        WireAssert.Problem(404, await LookupAsync(json), "not_found");
    }

    [Fact]
    public async Task Lookup_UnknownVersionOfKnownName_Returns404()
    {
        await CreateAsync("versioned", "A versioned agent.", null);

        WireAssert.Problem(404, await LookupAsync("""{"name": "versioned:v7"}"""));
    }

    [Fact]
    public async Task GetById_ReturnsAgentInfo()
    {
        const string prompt = "Extract the bill of lading.";
        var (_, created) = await CreateAsync("bill-of-lading:1.0.0", prompt, InvoiceSchema);

        var (status, info) = await Client.GetJsonAsync($"agents/{Id(created)}");

        Assert.Equal(200, status);
        AssertAgentInfo(info, Id(created), "bill-of-lading:1.0.0", prompt, JsonNode.Parse(InvoiceSchema));
    }

    [Fact]
    public async Task GetById_Unknown_Returns404()
    {
        WireAssert.Problem(404, await Client.GetJsonAsync("agents/0198c0de-0000-7000-8000-000000000000"), "not_found");
    }

    [Fact]
    public async Task List_ReturnsEveryVersionAsAgentInfo()
    {
        var (_, v1) = await CreateAsync("listed-agent", "List me, version one.", null);
        var (_, v2) = await CreateAsync("listed-agent", "List me, version two.", InvoiceSchema);

        var (status, body) = await Client.SendAsync(HttpMethod.Get, "agent", headers: Sdk.Headers);

        Assert.Equal(200, status);
        var list = Assert.IsType<JsonArray>(body);
        var listed = list.Where(a => a!["name"]!.GetValue<string>().StartsWith("listed-agent:", StringComparison.Ordinal)).ToList();
        Assert.Equal([Id(v2), Id(v1)], listed.Select(Id));
        AssertAgentInfo(listed[0], Id(v2), "listed-agent:v2", "List me, version two.", JsonNode.Parse(InvoiceSchema));
        AssertAgentInfo(listed[1], Id(v1), "listed-agent:v1", "List me, version one.", null);
        foreach (var agent in list)
        {
            Assert.Equal(JsonValueKind.String, agent!["description"]!.GetValueKind());
            Assert.Equal(JsonValueKind.String, agent["prompt"]!.GetValueKind());
        }
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("x:")]
    [InlineData("a:b c")]
    [InlineData(":1.0.0")]
    [InlineData("-leading-dash")]
    public async Task Create_WithInvalidName_Returns400(string name)
    {
        var json = $$$"""{"name": {{{JsonSerializer.Serialize(name)}}}, "inputs": null, "config": {"prompt": "Anything."}}""";

        WireAssert.Problem(400, await Sdk.PostAsync(Client, "agent/create", json), "invalid_agent_name");
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("x:")]
    [InlineData("a:b c")]
    public async Task Lookup_WithInvalidName_Returns400(string name)
    {
        WireAssert.Problem(400, await LookupAsync("{\"name\": " + JsonSerializer.Serialize(name) + "}"), "invalid_agent_name");
    }

    [Theory]
    [InlineData("test/noop")]
    [InlineData("test/noop:2.0.0")]
    public async Task Create_WithBuiltInName_Returns409(string name)
    {
        WireAssert.Problem(409, await CreateAsync(name, "Shadow the built-in agent.", null), "reserved_name");
    }

    [Fact]
    public async Task Lookup_BuiltInName_FindsIt()
    {
        var (status, info) = await LookupAsync("""{"name": "test/noop"}""");

        Assert.Equal(200, status);
        Assert.Equal("test/noop", WireAssert.String(info, "id"));
        Assert.StartsWith("test/noop", WireAssert.String(info, "name"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(WireAssert.String(info, "description")));
        WireAssert.String(info, "prompt");
        WireAssert.Timestamp(info!["created_at"]);
        WireAssert.Timestamp(info["updated_at"]);
        Assert.Equal("completed", WireAssert.String(info, "status"));
        Assert.Equal(200, (await Client.GetJsonAsync("agents/test/noop")).Status);
    }

    [Fact]
    public async Task Create_WithoutConfig_Returns400()
    {
        WireAssert.Problem(400, await Sdk.PostAsync(Client, "agent/create", """{"name": "no-config", "inputs": null}"""));
    }

    private Task<(int Status, JsonNode? Body)> CreateAsync(string? name, string prompt, string? schema)
    {
        // agent.create(): {"name", "inputs", "config": config.model_dump(exclude_none=True)}; callback_url only when set.
        var config = schema is null
            ? $$"""{"prompt": {{JsonSerializer.Serialize(prompt)}}}"""
            : $$"""{"prompt": {{JsonSerializer.Serialize(prompt)}}, "json_schema": {{schema}}}""";
        var nameJson = name is null ? "null" : JsonSerializer.Serialize(name);
        return Sdk.PostAsync(Client, "agent/create", $$"""{"name": {{nameJson}}, "inputs": null, "config": {{config}}, "callback_url": null}""");
    }

    private Task<(int Status, JsonNode? Body)> LookupAsync(string json) => Sdk.PostAsync(Client, "agent/lookup", json);

    private static string Id(JsonNode? node) => node!["id"]!.GetValue<string>();

    /// <summary>AgentInfo as the SDK validates it: description and prompt are strings, json_sample an object or null.</summary>
    private static void AssertAgentInfo(JsonNode? node, string id, string name, string prompt, JsonNode? schema)
    {
        var info = Assert.IsType<JsonObject>(node);
        Assert.Equal(id, WireAssert.String(info, "id"));
        Assert.Equal(name, WireAssert.String(info, "name"));
        Assert.Equal(string.Empty, WireAssert.String(info, "description"));
        Assert.Equal(prompt, WireAssert.String(info, "prompt"));
        if (schema is null)
        {
            WireAssert.Null(info, "json_schema");
            WireAssert.Null(info, "json_sample");
        }
        else
        {
            Assert.True(JsonNode.DeepEquals(schema, info["json_schema"]), $"json_schema changed: {info["json_schema"]?.ToJsonString()}");
            Assert.IsType<JsonObject>(info["json_sample"]);
        }

        WireAssert.Timestamp(info["created_at"]);
        WireAssert.Timestamp(info["updated_at"]);
        Assert.Equal("completed", WireAssert.String(info, "status"));
    }
}

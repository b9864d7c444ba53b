using System.Net;
using System.Text.Json.Nodes;
using Docket.Client;

namespace Docket.Tests.Client;

public sealed class AgentsClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private DocketClient Client => fixture.Client;

    [Fact]
    public async Task CreateTyped_SendsTheRecordsSchema_WithSnakeCaseNamesDescriptionsAndRequired()
    {
        var created = await Client.Agents.CreateAsync<InvoiceFields>(new AgentCreateRequest
        {
            Name = "invoice-fields:1.0.0",
            Description = "Reads invoices.",
            Config = new AgentConfig { Prompt = "Extract the invoice fields.", Seed = 7 },
        });

        var agent = await Client.Agents.LookupAsync(AgentLookup.ByName("invoice-fields:1.0.0"));

        Assert.Equal(("invoice-fields:1.0.0", "completed"), (created.Name, created.Status));
        Assert.Equal((created.Id, "Reads invoices.", "Extract the invoice fields."), (agent.Id, agent.Description, agent.Prompt));
        var schema = agent.JsonSchema!;
        var properties = schema["properties"]!.AsObject();
        Assert.Equal(["invoice_number", "total_amount", "due_date", "line_items"], properties.Select(p => p.Key));
        Assert.Equal("An invoice's key fields.", (string?)schema["description"]);
        Assert.Equal("The invoice number, as printed", (string?)properties["invoice_number"]!["description"]);
        Assert.Equal("The amount due, tax included", (string?)properties["total_amount"]!["description"]);
        Assert.Equal("number", (string?)properties["total_amount"]!["type"]);
        Assert.Equal("""["string","null"]""", properties["due_date"]!["type"]!.ToJsonString());
        Assert.Equal("date", (string?)properties["due_date"]!["format"]);
        Assert.Equal(["description", "amount"], properties["line_items"]!["items"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("""["invoice_number","total_amount","due_date","line_items"]""", schema["required"]!.ToJsonString());
        Assert.Equal(7, (int?)agent.Config!["seed"]);
        Assert.NotNull(agent.JsonSample);
    }

    [Fact]
    public async Task Create_SameNameAndVersion_SameConfigReturnsIt_OtherConfigIsA409()
    {
        var request = new AgentCreateRequest { Name = "stable-agent:2", Config = new AgentConfig { Prompt = "Summarize." } };

        var first = await Client.Agents.CreateAsync(request);
        var again = await Client.Agents.CreateAsync(request);
        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Agents.CreateAsync(request with { Config = new AgentConfig { Prompt = "Translate." } }));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal((HttpStatusCode.Conflict, "agent_version_exists"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task Create_ExtraConfigKeys_AreSentInsideConfig()
    {
        var created = await Client.Agents.CreateAsync(new AgentCreateRequest
        {
            Name = "with-extras",
            Config = new AgentConfig { Prompt = "Sleep a little.", Temperature = 0.5, TimeoutSeconds = 30, Extra = new JsonObject { ["sleep_ms"] = 5 } },
        });

        var agent = await Client.Agents.GetAsync(created.Id);

        Assert.Equal("""{"prompt":"Sleep a little.","temperature":0.5,"timeout_s":30,"sleep_ms":5}""", agent.Config!.ToJsonString());
    }

    [Fact]
    public async Task GetListAndLookup_FindTheSameVersion_ByIdNameAndPrompt()
    {
        var created = await Client.Agents.CreateAsync(new AgentCreateRequest { Name = "findable", Config = new AgentConfig { Prompt = "A prompt only this agent has." } });

        var byId = await Client.Agents.GetAsync(created.Id);
        var lookedUpById = await Client.Agents.LookupAsync(AgentLookup.ById(created.Id));
        var byLatestName = await Client.Agents.LookupAsync(AgentLookup.ByName("findable"));
        var byPrompt = await Client.Agents.LookupAsync(AgentLookup.ByPrompt("A prompt only this agent has."));
        var all = await Client.Agents.ListAsync();
        var firstOnly = await Client.Agents.ListAsync(limit: 1);

        Assert.All(new[] { byId, lookedUpById, byLatestName, byPrompt }, a => Assert.Equal((created.Id, created.Name), (a.Id, a.Name)));
        Assert.Contains(all, a => a.Id == created.Id);
        Assert.Single(firstOnly);
    }

    [Fact]
    public async Task Get_ABuiltInAgentByItsName_KeepsTheSlashInThePath()
    {
        var agent = await Client.Agents.GetAsync("document/parse");

        Assert.Equal(("document/parse", "document/parse"), (agent.Id, agent.Name));
        Assert.Contains("document", agent.Toolsets!);
    }

    [Fact]
    public async Task Lookup_OfAnUnknownName_IsA404ApiException()
    {
        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Agents.LookupAsync(AgentLookup.ByName("no-such-agent")));

        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (error.StatusCode, error.Code));
        Assert.Contains("no-such-agent", error.Detail, StringComparison.Ordinal);
    }
}

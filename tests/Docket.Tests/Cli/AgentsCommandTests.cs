using System.Text.Json.Nodes;
using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>`docket agents …` as a process against a real server.</summary>
public sealed class AgentsCommandTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-cli-agents-").FullName;

    private DocketTestServer Server => fixture.Server;

    [Fact]
    public async Task CreateListGet_OfAnAgentFromAFile()
    {
        var file = Path.Combine(_directory, "agent.json");
        await File.WriteAllTextAsync(file, """
            {
              "name": "cli-invoice-reader:1.0.0",
              "description": "Reads invoices.",
              "config": {
                "prompt": "Read the invoice.",
                "json_schema": {"type": "object", "properties": {"total": {"type": "number"}}, "required": ["total"]},
                "seed": 7
              }
            }
            """);

        var create = await Server.DocketAsync("agents", "create", "-f", file, "--json");
        var list = await Server.DocketAsync("agents", "list");
        var byName = await Server.DocketAsync("agents", "get", "cli-invoice-reader", "--json");
        var human = await Server.DocketAsync("agents", "get", "cli-invoice-reader:1.0.0");

        Assert.True(create.Code == 0, create.ToString());
        var created = JsonNode.Parse(create.Output)!;
        Assert.Equal("cli-invoice-reader:1.0.0", created["name"]!.GetValue<string>());
        var id = created["id"]!.GetValue<string>();
        Assert.Matches($@"(?m)^cli-invoice-reader:1\.0\.0\s+{id}\s+.*Reads invoices\.$", list.Output);
        Assert.Equal(0, byName.Code);
        var agent = JsonNode.Parse(byName.Output)!;
        Assert.Equal((id, "Read the invoice."), (agent["id"]!.GetValue<string>(), agent["prompt"]!.GetValue<string>()));
        Assert.Equal("number", agent["json_schema"]!["properties"]!["total"]!["type"]!.GetValue<string>());
        Assert.Equal(0, human.Code);
        Assert.Matches(@"(?m)^prompt\s+Read the invoice\.$", human.Output);
        Assert.Contains("json_schema:", human.Output, StringComparison.Ordinal);

        var byId = await Server.DocketAsync("agents", "get", id, "--json");
        Assert.Equal("cli-invoice-reader:1.0.0", JsonNode.Parse(byId.Output)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_OfABuiltInAgent_AndOfAnUnknownOne()
    {
        var builtin = await Server.DocketAsync("agents", "get", "document/parse");
        var unknown = await Server.DocketAsync("agents", "get", "no-such-agent");

        Assert.True(builtin.Code == 0, builtin.ToString());
        Assert.Matches(@"(?m)^name\s+document/parse$", builtin.Output);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no-such-agent", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FromAFileWithoutConfig_IsAUsageError()
    {
        var file = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(file, """{"name": "x"}""");

        var result = await Server.DocketAsync("agents", "create", "-f", file);

        Assert.Equal(2, result.Code);
        Assert.Contains("\"config\"", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

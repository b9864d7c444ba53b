using System.Text.Json.Nodes;
using Docket.Tests.Support;

namespace Docket.Tests.Providers;

/// <summary>Prompt-driven executions on a provider: the exact request, schema output, JSON mode and the repair round.</summary>
public sealed class StructuredOutputTests
{
    private const string Schema = """{"title":"Invoice Summary","type":"object","properties":{"vendor":{"type":"string"},"total":{"type":"number"}},"required":["vendor","total"]}""";

    [Fact]
    public async Task Execute_WithSchemaOnAJsonSchemaProvider_SendsTheSchemaSeedAndTemperature_AndReturnsTheAnswer()
    {
        var keyVariable = "DOCKET_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(keyVariable, "sk-test-secret");
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("""{"vendor":"ACME GmbH","total":1234.5}""", promptTokens: 321, completionTokens: 17));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["JsonSchema"] = "true", ["ApiKeyVariable"] = keyVariable });

        var id = await docket.Client.ExecuteAsync($$$"""
            {"model":"vlmrun-orion-1:auto","batch":true,"inputs":{"note":{"type":"text","text":"Invoice from ACME GmbH, total 1,234.50 EUR"}},
             "config":{"prompt":"Summarize the invoice.","json_schema":{{{Schema}}}}}
            """);
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("model/fake", done["name"]!.GetValue<string>());
        Assert.Equal("""{"vendor":"ACME GmbH","total":1234.5}""", done["response"]!.ToJsonString());
        var usage = done["usage"]!;
        Assert.Equal(1, usage["steps"]!.GetValue<int>());
        Assert.Equal(321, usage["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(17, usage["completion_tokens"]!.GetValue<int>());
        Assert.Contains("test-model on provider 'fake'", usage["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("Bearer sk-test-secret", request.Authorization);
        var body = request.Body;
        Assert.Equal(ProviderHost.Model, body["model"]!.GetValue<string>());
        Assert.Equal(0, body["temperature"]!.GetValue<double>());
        Assert.Equal(1, body["seed"]!.GetValue<long>());
        Assert.Null(body["tools"]);
        var format = body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal("Invoice_Summary", format["json_schema"]!["name"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
        Assert.Equal(JsonNode.Parse(Schema)!.ToJsonString(), format["json_schema"]!["schema"]!.ToJsonString());
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        var parts = messages[1]!["content"]!.AsArray();
        Assert.Equal("""{"type":"text","text":"Summarize the invoice."}""", parts[0]!.ToJsonString());
        Assert.Equal("Input \"note\" (text):\nInvoice from ACME GmbH, total 1,234.50 EUR", parts[1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_ConfigSeedAndTemperature_WinOverTheProviderDefaults()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("A short answer."));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["Seed"] = "99", ["Temperature"] = "0.2" });

        var id = await docket.Client.ExecuteAsync("""{"inputs":{"q":"What is this?"},"config":{"prompt":"Answer briefly.","seed":7,"temperature":0.5},"model":"fake"}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("""{"text":"A short answer."}""", done["response"]!.ToJsonString());
        var body = Assert.Single(fake.Requests).Body;
        Assert.Equal(7, body["seed"]!.GetValue<long>());
        Assert.Equal(0.5, body["temperature"]!.GetValue<double>());
        Assert.Null(body["response_format"]);
    }

    [Fact]
    public async Task Execute_OnAProviderWithoutJsonSchema_UsesJsonModeWithTheSchemaInThePrompt()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("```json\n{\"vendor\":\"ACME\",\"total\":5}\n```"));
        await using var docket = await ProviderHost.StartAsync(fake);

        var id = await docket.Client.ExecuteAsync($$$"""{"model":"vlmrun-orion-1:auto","inputs":{"t":"x"},"config":{"json_schema":{{{Schema}}}}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("""{"vendor":"ACME","total":5}""", done["response"]!.ToJsonString());
        var body = Assert.Single(fake.Requests).Body;
        Assert.Equal("""{"type":"json_object"}""", body["response_format"]!.ToJsonString());
        Assert.Contains(JsonNode.Parse(Schema)!.ToJsonString(), body["messages"]![0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_InvalidJsonFirst_IsRepairedInOneRound()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("The vendor is ACME {total: 5"), Reply.Content("""{"vendor":"ACME","total":5}"""));
        await using var docket = await ProviderHost.StartAsync(fake, new Dictionary<string, string> { ["JsonSchema"] = "true" });

        var id = await docket.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"Extract.","json_schema":{{{Schema}}}}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("""{"vendor":"ACME","total":5}""", done["response"]!.ToJsonString());
        Assert.Equal(2, done["usage"]!["steps"]!.GetValue<int>());
        Assert.Contains("repaired", done["usage"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, fake.Requests.Count);
        var repair = fake.Requests[1].Body["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "user"], repair.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("The vendor is ACME {total: 5", repair[2]!["content"]!.GetValue<string>());
        Assert.Contains("not valid JSON", repair[3]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(fake.Requests[1].Body["response_format"]);
    }

    [Fact]
    public async Task Execute_AnswerStillOffSchemaAfterTheRepair_FailsWithModelErrorAndTheValidationErrors()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("""{"vendor":"ACME","total":"five"}"""), Reply.Content("""{"vendor":"ACME","total":"still five"}"""));
        await using var docket = await ProviderHost.StartAsync(fake);

        var id = await docket.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"t":"x"},"config":{"prompt":"Extract.","json_schema":{{{Schema}}}}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("model_error", done["error"]!["code"]!.GetValue<string>());
        var message = done["error"]!["message"]!.GetValue<string>();
        Assert.Contains("/total", message, StringComparison.Ordinal);
        Assert.Contains("after one repair round", message, StringComparison.Ordinal);
        Assert.Contains("/total", fake.Requests[1].Body["messages"]![3]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, done["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Execute_ModelWrapsItsAnswerInReasoning_TheReasoningIsDropped()
    {
        await using var fake = await FakeModelServer.StartAsync();
        fake.Then(Reply.Content("<think>The user wants a number.</think>\n{\"vendor\":\"V\",\"total\":1}"));
        await using var docket = await ProviderHost.StartAsync(fake);

        var id = await docket.Client.ExecuteAsync($$$"""{"model":"fake","inputs":{"t":"x"},"config":{"json_schema":{{{Schema}}}}}""");
        var done = await docket.Client.WaitAsync(id);

        Assert.Equal("""{"vendor":"V","total":1}""", done["response"]!.ToJsonString());
    }
}

using System.Text.Json.Nodes;
using Docket.Tests.Contract;
using Docket.Tests.Support;

namespace Docket.Tests.Legacy;

public sealed class DomainsEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] ShippedDomains = ["document.bank-statement", "document.invoice", "document.purchase-order", "document.receipt"];

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Models_ListsEveryDomainOnVlm1()
    {
        var (status, body) = await Client.GetJsonAsync("models");

        Assert.Equal(200, status);
        var models = Assert.IsType<JsonArray>(body);
        Assert.Equal(ShippedDomains, models.Select(m => WireAssert.String(m, "domain")));
        Assert.All(models, m => Assert.Equal("vlm-1", WireAssert.String(m, "model")));
    }

    [Fact]
    public async Task HubInfo_ReturnsTheServerVersion()
    {
        var (status, body) = await Client.GetJsonAsync("hub/info");
        var (_, health) = await Client.GetJsonAsync("health");

        Assert.Equal(200, status);
        Assert.Equal(WireAssert.String(health, "version"), WireAssert.String(body, "version"));
    }

    [Theory]
    [InlineData("hub/domains")]
    [InlineData("domains")]
    public async Task Domains_ListTheShippedDomainsWithNames(string path)
    {
        var (status, body) = await Client.GetJsonAsync(path);

        Assert.Equal(200, status);
        var domains = Assert.IsType<JsonArray>(body);
        Assert.Equal(ShippedDomains, domains.Select(d => WireAssert.String(d, "domain")));
        var invoice = domains.Single(d => WireAssert.String(d, "domain") == "document.invoice");
        Assert.Equal("Invoice", WireAssert.String(invoice, "name"));
        Assert.False(string.IsNullOrWhiteSpace(WireAssert.String(invoice, "description")));
    }

    [Theory]
    [InlineData("hub/schema")]
    [InlineData("schema")]
    public async Task Schema_ForInvoice_ReturnsSchemaResponse(string path)
    {
        var (status, body) = await Client.PostJsonAsync(path, """{"domain":"document.invoice"}""");

        Assert.Equal(200, status);
        Assert.Equal(["domain", "description", "schema_version", "schema_hash", "gql_stmt", "json_schema"], body!.AsObject().Select(p => p.Key));
        Assert.Equal("document.invoice", WireAssert.String(body, "domain"));
        Assert.Equal("1.0.0", WireAssert.String(body, "schema_version"));
        Assert.Matches("^[0-9a-f]{8}$", WireAssert.String(body, "schema_hash"));
        Assert.Equal(string.Empty, WireAssert.String(body, "gql_stmt"));
        var properties = Assert.IsType<JsonObject>(body["json_schema"]!["properties"]);
        Assert.Equal(["invoice_number", "invoice_date", "due_date", "currency", "vendor", "customer", "line_items", "subtotal", "tax", "total", "payment_terms"], properties.Select(p => p.Key));
        Assert.Equal("date", WireAssert.String(properties["invoice_date"], "format"));
        Assert.Equal(["description", "quantity", "unit_price", "amount"], properties["line_items"]!["items"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("document.receipt", "merchant_name")]
    [InlineData("document.purchase-order", "po_number")]
    [InlineData("document.purchase_order", "po_number")]
    [InlineData("document.bank-statement", "transactions")]
    [InlineData("Document.Bank_Statement", "transactions")]
    public async Task Schema_ForEachShippedDomain_HasItsFields(string domain, string field)
    {
        var (status, body) = await Client.PostJsonAsync("hub/schema", $$"""{"domain":"{{domain}}"}""");

        Assert.Equal(200, status);
        Assert.Equal(domain.ToLowerInvariant().Replace('_', '-'), WireAssert.String(body, "domain"));
        Assert.NotNull(body!["json_schema"]!["properties"]![field]);
    }

    [Fact]
    public async Task Schema_HashIsStableAndDiffersByDomain()
    {
        var (_, first) = await Client.PostJsonAsync("hub/schema", """{"domain":"document.invoice"}""");
        var (_, again) = await Client.PostJsonAsync("schema", """{"domain":"document.invoice"}""");
        var (_, receipt) = await Client.PostJsonAsync("hub/schema", """{"domain":"document.receipt"}""");

        Assert.Equal(WireAssert.String(first, "schema_hash"), WireAssert.String(again, "schema_hash"));
        Assert.NotEqual(WireAssert.String(first, "schema_hash"), WireAssert.String(receipt, "schema_hash"));
    }

    [Fact]
    public async Task Schema_WithGqlStmt_KeepsOnlyTheSelectedFields()
    {
        var (_, full) = await Client.PostJsonAsync("hub/schema", """{"domain":"document.invoice"}""");
        var (status, body) = await Client.PostJsonAsync("hub/schema", """{"domain":"document.invoice","gql_stmt":"query { total vendor { name }, invoice_number line_items { amount } }"}""");

        Assert.Equal(200, status);
        var schema = body!["json_schema"]!;
        Assert.Equal(["invoice_number", "vendor", "line_items", "total"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["invoice_number", "vendor", "line_items", "total"], schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["name"], schema["properties"]!["vendor"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["amount"], schema["properties"]!["line_items"]!["items"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("query { total vendor { name }, invoice_number line_items { amount } }", WireAssert.String(body, "gql_stmt"));
        Assert.NotEqual(WireAssert.String(full, "schema_hash"), WireAssert.String(body, "schema_hash"));
    }

    [Theory]
    [InlineData("""{"domain":"document.invoice","gql_stmt":"{ nope }"}""")]
    [InlineData("""{"domain":"document.invoice","gql_stmt":"{ total { amount } }"}""")]
    [InlineData("""{"domain":"document.invoice","gql_stmt":"{ total(first: 1) }"}""")]
    [InlineData("""{"domain":"document.invoice","gql_stmt":"{ vendor { name }"}""")]
    [InlineData("""{"domain":"document.invoice","gql_stmt":"total"}""")]
    public async Task Schema_WithABadGqlStmt_Returns400(string body)
    {
        WireAssert.Problem(400, await Client.PostJsonAsync("hub/schema", body), "invalid_gql_stmt");
    }

    [Theory]
    [InlineData("hub/schema")]
    [InlineData("schema")]
    public async Task Schema_ForAnUnknownDomain_Returns404(string path)
    {
        WireAssert.Problem(404, await Client.PostJsonAsync(path, """{"domain":"document.tax-return"}"""), "domain_not_found");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"domain": 7}""")]
    [InlineData("""{"domain":"document.invoice","gql_stmt": 1}""")]
    [InlineData("[]")]
    [InlineData("{")]
    public async Task Schema_WithAnInvalidBody_Returns400(string body)
    {
        WireAssert.ClientError(await Client.PostJsonAsync("hub/schema", body), 400);
    }

    [Theory]
    [InlineData("GET", "models")]
    [InlineData("GET", "hub/info")]
    [InlineData("GET", "hub/domains")]
    [InlineData("GET", "domains")]
    [InlineData("POST", "hub/schema")]
    [InlineData("POST", "schema")]
    public async Task Catalogue_WithoutAKey_Returns401(string method, string path)
    {
        using var anonymous = fixture.Server.CreateClient(null);

        var response = await anonymous.SendAsync(new HttpMethod(method), path, method == "POST" ? """{"domain":"document.invoice"}""" : null);

        WireAssert.Problem(401, response, "unauthorized");
    }
}

using System.Text.Json.Nodes;

namespace Docket.Tests.Extraction;

/// <summary>A schema and layout the corpus does not have: the engine works from labels and headers, not templates.</summary>
public sealed class ShippingManifestTests
{
    private static readonly Lazy<JsonObject> s_result = new(() => Extract.Pdf(ShippingManifest.Build(), ShippingManifest.Schema));

    private static JsonObject Result => s_result.Value;

    [Fact]
    public void LabelledFields_AreReadBesideTheirLabels()
    {
        Assert.Equal("SM-88213", Result["manifest_number"]!.GetValue<string>());
        Assert.Equal("2025-02-12", Result["ship_date"]!.GetValue<string>());
        Assert.Equal("Blue Anchor Lines", Result["carrier"]!.GetValue<string>());
        Assert.Equal("MV Aurora", Result["vessel"]!.GetValue<string>());
        Assert.Equal("Hamburg", Result["port_of_loading"]!.GetValue<string>());
        Assert.Equal("Rotterdam", Result["port_of_discharge"]!.GetValue<string>());
    }

    [Fact]
    public void TypedFields_AreCoerced()
    {
        Assert.Equal(1234.5m, Result["total_weight_kg"]!.GetValue<decimal>());
        Assert.Equal("EUR", Result["currency"]!.GetValue<string>());
        Assert.False(Result["hazardous"]!.GetValue<bool>());
        Assert.Equal("FOB", Result["incoterm"]!.GetValue<string>());
    }

    [Fact]
    public void PartyBlock_GivesNameAndAddressWithoutTheAttentionLine()
    {
        Assert.Equal("Acme Retail B.V.", Result["consignee"]!["name"]!.GetValue<string>());
        Assert.Equal("Keizersgracht 221, 1016 DV Amsterdam, Netherlands", Result["consignee"]!["address"]!.GetValue<string>());
    }

    [Fact]
    public void PackingList_OverTwoPages_FillsEveryItemFromItsColumns()
    {
        var packages = Result["packages"]!.AsArray();

        Assert.Equal(ShippingManifest.Packages.Length, packages.Count);
        for (var i = 0; i < packages.Count; i++)
        {
            var expected = ShippingManifest.Packages[i];
            var item = packages[i]!;
            Assert.Equal(expected.Marks, item["marks"]!.GetValue<string>());
            Assert.Equal(expected.Description, item["description"]!.GetValue<string>());
            Assert.Equal(expected.Packages, item["packages"]!.GetValue<long>());
            Assert.Equal(expected.Weight, item["gross_weight_kg"]!.GetValue<decimal>());
            Assert.Equal(expected.Value, item["value"]!.GetValue<decimal>());
        }
    }

    [Fact]
    public void RequiredFieldNotInTheDocument_IsNull_NotInvented()
    {
        Assert.True(Result.ContainsKey("customs_broker"));
        Assert.Null(Result["customs_broker"]);
    }

    [Fact]
    public void Response_HasEveryPropertyInSchemaOrder()
    {
        string[] order = ["manifest_number", "ship_date", "carrier", "vessel", "port_of_loading", "port_of_discharge", "consignee", "packages", "total_weight_kg", "currency", "hazardous", "incoterm", "customs_broker"];

        Assert.Equal(order, Result.Select(p => p.Key));
        Assert.Equal(["marks", "description", "packages", "gross_weight_kg", "value"], Result["packages"]![0]!.AsObject().Select(p => p.Key));
    }
}

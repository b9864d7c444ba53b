using System.Globalization;
using Docket.Tests.Engine;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Docket.Tests.Extraction;

/// <summary>
/// A two-page shipping manifest: a document type and wording the corpus does not have, with a
/// packing list whose header repeats on the second page.
/// </summary>
internal static class ShippingManifest
{
    public static readonly (string Marks, string Description, int Packages, decimal Weight, decimal Value)[] Packages =
    [
        ("NW-01", "Ceramic floor tiles, grey, 60 x 60 cm", 12, 480.00m, 1920.00m),
        ("NW-02", "Bathroom fittings, chrome", 4, 96.50m, 2310.40m),
        ("NW-03", "Oak veneer panels", 8, 312.25m, 3104.00m),
        ("NW-04", "Adhesive, tile, 25 kg bags", 10, 250.00m, 450.00m),
        ("NW-05", "Grout, white, 5 kg", 6, 30.00m, 81.60m),
        ("NW-06", "Spare parts kit", 2, 65.75m, 2479.00m),
    ];

    public const string Schema = """
        {
          "$defs": {
            "Package": {
              "type": "object",
              "properties": {
                "marks": {"type": "string", "title": "Marks"},
                "description": {"type": "string"},
                "packages": {"type": "integer", "title": "Pkgs"},
                "gross_weight_kg": {"type": "number"},
                "value": {"anyOf": [{"type": "number"}, {"type": "null"}], "title": "Declared value"}
              },
              "required": ["marks", "description", "packages", "gross_weight_kg", "value"]
            }
          },
          "type": "object",
          "title": "ShippingManifest",
          "properties": {
            "manifest_number": {"type": "string", "title": "Manifest number"},
            "ship_date": {"type": "string", "format": "date"},
            "carrier": {"type": "string"},
            "vessel": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Vessel name"},
            "port_of_loading": {"type": "string"},
            "port_of_discharge": {"type": "string"},
            "consignee": {
              "type": "object",
              "properties": {"name": {"type": "string"}, "address": {"type": "string"}},
              "required": ["name", "address"]
            },
            "packages": {"type": "array", "items": {"$ref": "#/$defs/Package"}},
            "total_weight_kg": {"type": "number", "title": "Total weight (kg)"},
            "currency": {"type": "string", "description": "ISO 4217 code"},
            "hazardous": {"type": "boolean", "title": "Hazardous goods"},
            "incoterm": {"type": "string", "enum": ["EXW", "FCA", "FOB", "CIF", "DAP", "DDP"]},
            "customs_broker": {"type": "string"}
          },
          "required": ["manifest_number", "ship_date", "carrier", "consignee", "packages", "total_weight_kg", "customs_broker"]
        }
        """;

    public static byte[] Build()
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);

        var page = builder.AddPage(PageSize.A4);
        page.AddText("Northwind Freight GmbH", 16, new PdfPoint(50, 790), bold);
        page.AddText("Industriestraße 12 · 20457 Hamburg · Germany", 9, new PdfPoint(50, 774), font);
        TestDocuments.AddRightAligned(page, "SHIPPING MANIFEST", 18, 545, 790, bold);

        (string Label, string Value)[] left = [("Manifest No:", "SM-88213"), ("Carrier:", "Blue Anchor Lines"), ("Port of loading:", "Hamburg")];
        (string Label, string Value)[] right = [("Ship date:", "12 Feb 2025"), ("Vessel:", "MV Aurora"), ("Port of discharge:", "Rotterdam")];
        for (var i = 0; i < left.Length; i++)
        {
            var y = 735 - (16 * i);
            page.AddText(left[i].Label, 10, new PdfPoint(50, y), bold);
            page.AddText(left[i].Value, 10, new PdfPoint(150, y), font);
            page.AddText(right[i].Label, 10, new PdfPoint(320, y), bold);
            page.AddText(right[i].Value, 10, new PdfPoint(430, y), font);
        }

        page.AddText("Consignee", 10, new PdfPoint(50, 660), bold);
        string[] consignee = ["Acme Retail B.V.", "Attn: Receiving", "Keizersgracht 221", "1016 DV Amsterdam", "Netherlands"];
        for (var i = 0; i < consignee.Length; i++)
        {
            page.AddText(consignee[i], 10, new PdfPoint(50, 646 - (13 * i)), font);
        }

        page.AddText("Hazardous goods: No", 10, new PdfPoint(320, 646), font);
        page.AddText("Incoterms: FOB Hamburg", 10, new PdfPoint(320, 633), font);
        page.AddText("All values in EUR", 10, new PdfPoint(320, 620), font);

        var y0 = Header(page, 560, bold);
        for (var i = 0; i < 4; i++)
        {
            Row(page, y0 - (18 * i), Packages[i], font);
        }

        page.AddText("Continued on page 2", 8, new PdfPoint(50, 60), font);

        var second = builder.AddPage(PageSize.A4);
        y0 = Header(second, 780, bold);
        for (var i = 4; i < Packages.Length; i++)
        {
            Row(second, y0 - (18 * (i - 4)), Packages[i], font);
        }

        var totalsTop = y0 - (18 * 2) - 16;
        second.AddText("Total packages", 10, new PdfPoint(300, totalsTop), bold);
        TestDocuments.AddRightAligned(second, Packages.Sum(p => p.Packages).ToString(CultureInfo.InvariantCulture), 10, 545, totalsTop, font);
        second.AddText("Total weight (kg)", 10, new PdfPoint(300, totalsTop - 16), bold);
        TestDocuments.AddRightAligned(second, Packages.Sum(p => p.Weight).ToString("#,##0.00", CultureInfo.InvariantCulture), 10, 545, totalsTop - 16, font);
        return TestDocuments.FixId(builder.Build());
    }

    private static double Header(PdfPageBuilder page, double y, PdfDocumentBuilder.AddedFont bold)
    {
        page.AddText("Marks", 9, new PdfPoint(50, y), bold);
        page.AddText("Package description", 9, new PdfPoint(110, y), bold);
        TestDocuments.AddRightAligned(page, "Pkgs", 9, 360, y, bold);
        TestDocuments.AddRightAligned(page, "Gross weight (kg)", 9, 450, y, bold);
        TestDocuments.AddRightAligned(page, "Declared value", 9, 545, y, bold);
        return y - 20;
    }

    private static void Row(PdfPageBuilder page, double y, (string Marks, string Description, int Packages, decimal Weight, decimal Value) p, PdfDocumentBuilder.AddedFont font)
    {
        page.AddText(p.Marks, 9, new PdfPoint(50, y), font);
        page.AddText(p.Description, 9, new PdfPoint(110, y), font);
        TestDocuments.AddRightAligned(page, p.Packages.ToString(CultureInfo.InvariantCulture), 9, 360, y, font);
        TestDocuments.AddRightAligned(page, p.Weight.ToString("#,##0.00", CultureInfo.InvariantCulture), 9, 450, y, font);
        TestDocuments.AddRightAligned(page, p.Value.ToString("#,##0.00", CultureInfo.InvariantCulture), 9, 545, y, font);
    }
}

using System.Globalization;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Docket.Tests.Engine;

/// <summary>The one-page invoice shipped as samples/documents/invoice.pdf.</summary>
internal static class SampleInvoice
{
    public static readonly (string Description, int Quantity, decimal UnitPrice)[] Items =
    [
        ("A4 copier paper, 80 gsm (box of 5 reams)", 12, 24.50m),
        ("Ballpoint pens, blue (pack of 50)", 4, 9.80m),
        ("Heavy-duty stapler", 2, 18.75m),
        ("Bamboo desk organiser", 3, 14.20m),
    ];

    public const string ExpectedText =
        "ACME Office Supplies Ltd\tINVOICE\n"
        + "221 Harbour Road\tInvoice number: INV-2024-0042\n"
        + "Bristol BS1 5TT\tInvoice date: 14 March 2024\n"
        + "United Kingdom\tDue date: 13 April 2024\n"
        + "VAT no. GB 123 4567 89\tPayment terms: Net 30\n"
        + "Bill to\n"
        + "Northwind Traders plc\n"
        + "Attn: Accounts Payable\n"
        + "15 Queen Street\n"
        + "Edinburgh EH2 1JX\n"
        + "Description\tQty\tUnit price\tAmount\n"
        + "A4 copier paper, 80 gsm (box of 5 reams)\t12\t24.50\t294.00\n"
        + "Ballpoint pens, blue (pack of 50)\t4\t9.80\t39.20\n"
        + "Heavy-duty stapler\t2\t18.75\t37.50\n"
        + "Bamboo desk organiser\t3\t14.20\t42.60\n"
        + "Subtotal\t413.30\n"
        + "VAT (20%)\t82.66\n"
        + "Total due (GBP)\t495.96\n"
        + "Please pay by bank transfer to ACME Office Supplies Ltd, sort code 12-34-56, account 12345678.\n"
        + "Quote the invoice number with your payment. Thank you for your business.";

    public static string RelativePath => Path.Combine("samples", "documents", "invoice.pdf");

    public static byte[] Build()
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = "Invoice INV-2024-0042";
        builder.DocumentInformation.Producer = "Docket sample generator";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(PageSize.A4);

        page.AddText("ACME Office Supplies Ltd", 16, new PdfPoint(50, 780), bold);
        TestDocuments.AddRightAligned(page, "INVOICE", 22, 545, 780, bold);
        string[] vendor = ["221 Harbour Road", "Bristol BS1 5TT", "United Kingdom", "VAT no. GB 123 4567 89"];
        string[] meta = ["Invoice number: INV-2024-0042", "Invoice date: 14 March 2024", "Due date: 13 April 2024", "Payment terms: Net 30"];
        for (var i = 0; i < vendor.Length; i++)
        {
            page.AddText(vendor[i], 10, new PdfPoint(50, 756 - (14 * i)), font);
            TestDocuments.AddRightAligned(page, meta[i], 10, 545, 756 - (14 * i), font);
        }

        page.AddText("Bill to", 10, new PdfPoint(50, 680), bold);
        string[] customer = ["Northwind Traders plc", "Attn: Accounts Payable", "15 Queen Street", "Edinburgh EH2 1JX"];
        for (var i = 0; i < customer.Length; i++)
        {
            page.AddText(customer[i], 10, new PdfPoint(50, 666 - (14 * i)), font);
        }

        const double Top = 580;
        page.AddText("Description", 10, new PdfPoint(50, Top), bold);
        TestDocuments.AddRightAligned(page, "Qty", 10, 360, Top, bold);
        TestDocuments.AddRightAligned(page, "Unit price", 10, 450, Top, bold);
        TestDocuments.AddRightAligned(page, "Amount", 10, 545, Top, bold);
        page.DrawLine(new PdfPoint(50, Top - 6), new PdfPoint(545, Top - 6), 0.5);

        var subtotal = 0m;
        for (var i = 0; i < Items.Length; i++)
        {
            var (description, quantity, unitPrice) = Items[i];
            var y = Top - 24 - (18 * i);
            var amount = quantity * unitPrice;
            subtotal += amount;
            page.AddText(description, 10, new PdfPoint(50, y), font);
            TestDocuments.AddRightAligned(page, quantity.ToString(CultureInfo.InvariantCulture), 10, 360, y, font);
            TestDocuments.AddRightAligned(page, Money(unitPrice), 10, 450, y, font);
            TestDocuments.AddRightAligned(page, Money(amount), 10, 545, y, font);
        }

        var totalsTop = Top - 24 - (18 * Items.Length) - 10;
        page.DrawLine(new PdfPoint(330, totalsTop + 12), new PdfPoint(545, totalsTop + 12), 0.5);
        var vat = decimal.Round(subtotal * 0.20m, 2);
        (string Label, decimal Value, bool Bold)[] totals =
        [
            ("Subtotal", subtotal, false),
            ("VAT (20%)", vat, false),
            ("Total due (GBP)", subtotal + vat, true),
        ];
        for (var i = 0; i < totals.Length; i++)
        {
            var y = totalsTop - (16 * i);
            var face = totals[i].Bold ? bold : font;
            page.AddText(totals[i].Label, 10, new PdfPoint(340, y), face);
            TestDocuments.AddRightAligned(page, Money(totals[i].Value), 10, 545, y, face);
        }

        page.AddText("Please pay by bank transfer to ACME Office Supplies Ltd, sort code 12-34-56, account 12345678.", 9, new PdfPoint(50, 120), font);
        page.AddText("Quote the invoice number with your payment. Thank you for your business.", 9, new PdfPoint(50, 106), font);
        return TestDocuments.FixId(builder.Build());
    }

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}

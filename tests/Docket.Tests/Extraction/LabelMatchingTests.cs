using Docket.Engine.Extraction;

namespace Docket.Tests.Extraction;

public sealed class LabelMatchingTests
{
    private const string InvoiceSchema = """
        {"type": "object", "properties": {
          "invoiceNumber": {"type": "string"},
          "issue_date": {"type": "string", "format": "date"},
          "due_date": {"type": "string", "format": "date"},
          "total": {"type": "number"},
          "tax": {"type": "number"},
          "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}
        }}
        """;

    [Theory]
    [InlineData("Invoice No.: A-17")]
    [InlineData("Inv # A-17")]
    [InlineData("INVOICE NUMBER\tA-17")]
    [InlineData("Rechnungsnummer: A-17")]
    [InlineData("Invoice A-17")]
    public void InvoiceNumber_UnderManyWordings(string line)
    {
        var result = Extract.Text(line + "\nTotal: 10.00", InvoiceSchema);

        Assert.Equal("A-17", result["invoiceNumber"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Amount due: $1,250.00")]
    [InlineData("Balance Due   USD 1,250.00")]
    [InlineData("Grand total: 1.250,00 EUR")]
    [InlineData("Total (incl. VAT): 1250.00")]
    [InlineData("Gesamtbetrag: 1.250,00 €")]
    public void Total_UnderManyWordings(string line)
    {
        var result = Extract.Text("Subtotal: 1,000.00\nVAT 25%: 250.00\n" + line, InvoiceSchema);

        Assert.Equal(1250m, result["total"]!.GetValue<decimal>());
        Assert.Equal(250m, result["tax"]!.GetValue<decimal>());
    }

    [Fact]
    public void Dates_GoToTheFieldTheirLabelNames_NotTheFirstDate()
    {
        var result = Extract.Text("Due date: 4 April 2025\nDated: 4 März 2025\nTotal: 5", InvoiceSchema);

        Assert.Equal("2025-03-04", result["issue_date"]!.GetValue<string>());
        Assert.Equal("2025-04-04", result["due_date"]!.GetValue<string>());
    }

    [Fact]
    public void ValueBelowARowOfLabels_IsRead()
    {
        var text = "INVOICE NUMBER   ISSUE DATE   DUE DATE     AMOUNT DUE\nX-9              2025-05-07   2025-06-06   GBP 99.00\n";

        var result = Extract.Text(text, InvoiceSchema);

        Assert.Equal("X-9", result["invoiceNumber"]!.GetValue<string>());
        Assert.Equal("2025-05-07", result["issue_date"]!.GetValue<string>());
        Assert.Equal("2025-06-06", result["due_date"]!.GetValue<string>());
        Assert.Equal(99m, result["total"]!.GetValue<decimal>());
        Assert.Equal("GBP", result["currency"]!.GetValue<string>());
    }

    [Fact]
    public void Currency_WithoutALabel_ComesFromTheAmounts()
    {
        var result = Extract.Text("Invoice 5\nTotal £12.00", InvoiceSchema);

        Assert.Equal("GBP", result["currency"]!.GetValue<string>());
    }

    [Fact]
    public void LabelThatOnlyStartsLikeTheField_IsNotItsLabel()
    {
        // "Customer No." is not the invoice number, "Account holder" not an account number.
        var result = Extract.Text("Customer No.: C-55\nTotal: 5", InvoiceSchema);

        Assert.Null(result["invoiceNumber"]);
    }

    [Theory]
    [InlineData("invoice_number", new[] { "invoice", "number" })]
    [InlineData("invoiceNumber", new[] { "invoice", "number" })]
    [InlineData("PONumber", new[] { "po", "number" })]
    [InlineData("total-due", new[] { "total", "due" })]
    [InlineData("qty", new[] { "quantity" })]
    public void Identifiers_SplitIntoCanonicalWords(string name, string[] words) =>
        Assert.Equal(words, Tokens.IdentifierWords(name));

    [Theory]
    [InlineData("Inv. #", "invoice number", 1.0)]
    [InlineData("Amount Due (CAD)", "amount due", 1.0)]
    [InlineData("Total EUR", "total", 1.0)]
    [InlineData("Beginning Balance on Jan 10, 2024", "beginning balance", 1.0)]
    [InlineData("Customer No.", "invoice number", 0.4)]
    public void PrintedLabel_MatchesAWordingByItsWords(string printed, string wording, double expected)
    {
        var score = Lexicon.Match(Lexicon.LabelWords(printed), new Phrase(Tokens.Words(wording), 1));

        Assert.Equal(expected, score, 2);
    }

    [Theory]
    [InlineData("Statement period: 01.07.2024 – 31.07.2024", "2024-07-01", "2024-07-31")]
    [InlineData("Period: 1 - 31 March 2025", "2025-03-01", "2025-03-31")]
    [InlineData("Statement from March 1 - 31, 2025", "2025-03-01", "2025-03-31")]
    [InlineData("Jan 10, 2024 to Feb 9, 2024", "2024-01-10", "2024-02-09")]
    public void DateRange_GivesStartAndEnd(string line, string start, string end)
    {
        const string schema = """{"type": "object", "properties": {"period_start": {"type": "string", "format": "date"}, "period_end": {"type": "string", "format": "date"}}}""";

        var result = Extract.Text("Bank statement\n" + line, schema);

        Assert.Equal(start, result["period_start"]!.GetValue<string>());
        Assert.Equal(end, result["period_end"]!.GetValue<string>());
    }

    [Fact]
    public void LabelAloneOnItsLine_HasItsValueBelow()
    {
        const string schema = """{"type": "object", "properties": {"invoice_number": {"type": "string"}, "payment_terms": {"type": "string"}}}""";

        var result = Extract.Text("Invoice Number\nINV-1234\n\nPayment Terms\nDue within 14 days\n", schema);

        Assert.Equal("INV-1234", result["invoice_number"]!.GetValue<string>());
        Assert.Equal("Due within 14 days", result["payment_terms"]!.GetValue<string>());
    }

    [Fact]
    public void Formats_EnumsAndBooleans_AreCoercedToTheSchema()
    {
        const string schema = """
            {"type": "object", "properties": {
              "issued_at": {"type": "string", "format": "date-time"},
              "pickup_time": {"type": "string", "format": "time"},
              "status": {"type": "string", "enum": ["draft", "paid", "overdue"]},
              "refundable": {"type": "boolean"},
              "payment_method": {"type": "string"},
              "seats": {"type": "integer"}
            }}
            """;
        var text = "Issued at: 4 March 2025 at 5:12 PM\nPickup time: 6.30 pm\nStatus: PAID\nRefundable: yes\nPayment: VISA **** 1234\nSeats: 3";

        var result = Extract.Text(text, schema);

        Assert.Equal("2025-03-04T17:12:00", result["issued_at"]!.GetValue<string>());
        Assert.Equal("18:30", result["pickup_time"]!.GetValue<string>());
        Assert.Equal("paid", result["status"]!.GetValue<string>());
        Assert.True(result["refundable"]!.GetValue<bool>());
        Assert.Equal("Visa", result["payment_method"]!.GetValue<string>());
        Assert.Equal(3, result["seats"]!.GetValue<long>());
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Tests.Engine;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Docket.Tests.Extraction;

/// <summary>
/// A two-page statement whose second page continues the table without repeating its header,
/// with carried-forward lines between the pages, DR/CR amounts and yearless dates.
/// </summary>
public sealed class StatementOverPagesTests
{
    private static readonly (string Date, string Details, decimal Amount)[] Transactions =
    [
        ("03 Mar", "Tesco Stores", -45.20m),
        ("07 Mar", "Salary ACME LTD", 2300.00m),
        ("12 Mar", "Direct Debit Council Tax", -130.00m),
        ("18 Mar", "Card payment Shell", -61.15m),
        ("21 Mar", "Transfer from savings", 400.00m),
        ("29 Mar", "Standing order Rent", -950.00m),
    ];

    private const decimal Opening = 1250.00m;

    private static readonly Lazy<JsonObject> s_result = new(() =>
        Extract.Pdf(Build(), File.ReadAllText(Path.Combine(TestDocuments.SharedCorpus, "schemas", "bank_statement.schema.json"))));

    [Fact]
    public void Header_GivesBankHolderAccountPeriodAndCurrency()
    {
        var result = s_result.Value;

        Assert.Equal("Riverbank Credit Union", result["bank_name"]!.GetValue<string>());
        Assert.Equal("Jane Q Public", result["account_holder"]!.GetValue<string>());
        Assert.Equal("****4321", result["account_number"]!.GetValue<string>());
        Assert.Equal("GBP", result["currency"]!.GetValue<string>());
        Assert.Equal("2025-03-01", result["period_start"]!.GetValue<string>());
        Assert.Equal("2025-03-31", result["period_end"]!.GetValue<string>());
    }

    [Fact]
    public void Transactions_OnBothPages_WithoutTheForwardLines()
    {
        var transactions = s_result.Value["transactions"]!.AsArray();

        Assert.Equal(Transactions.Select(t => t.Details), transactions.Select(t => t!["description"]!.GetValue<string>()));
        Assert.Equal(Transactions.Select(t => t.Amount), transactions.Select(t => t!["amount"]!.GetValue<decimal>()));
        Assert.Equal("2025-03-03", transactions[0]!["date"]!.GetValue<string>());
        Assert.Equal(Opening + Transactions.Sum(t => t.Amount), transactions[^1]!["balance"]!.GetValue<decimal>());
    }

    [Fact]
    public void Balances_AgreeWithTheTransactions()
    {
        Assert.Equal(Opening, s_result.Value["opening_balance"]!.GetValue<decimal>());
        Assert.Equal(Opening + Transactions.Sum(t => t.Amount), s_result.Value["closing_balance"]!.GetValue<decimal>());
    }

    private static byte[] Build()
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("Riverbank Credit Union", 15, new PdfPoint(50, 790), bold);
        TestDocuments.AddRightAligned(page, "Account Statement", 14, 545, 790, bold);
        string[] holder = ["Jane Q Public", "4 Mill Lane", "York YO1 7HH"];
        for (var i = 0; i < holder.Length; i++)
        {
            page.AddText(holder[i], 10, new PdfPoint(50, 740 - (13 * i)), font);
        }

        (string, string)[] details = [("Account number", "****4321"), ("Period", "1 March 2025 - 31 March 2025"), ("Currency", "GBP")];
        for (var i = 0; i < details.Length; i++)
        {
            page.AddText(details[i].Item1, 10, new PdfPoint(330, 740 - (15 * i)), bold);
            page.AddText(details[i].Item2, 10, new PdfPoint(430, 740 - (15 * i)), font);
        }

        var y = 660.0;
        page.AddText("Date", 9, new PdfPoint(50, y), bold);
        page.AddText("Details", 9, new PdfPoint(110, y), bold);
        TestDocuments.AddRightAligned(page, "Amount", 9, 450, y, bold);
        TestDocuments.AddRightAligned(page, "Balance", 9, 545, y, bold);
        var balance = Opening;
        y -= 20;
        Line(page, font, y, "01 Mar", "Balance brought forward", null, balance);
        for (var i = 0; i < Transactions.Length; i++)
        {
            if (i == 3)
            {
                Line(page, font, y -= 18, "15 Mar", "Balance carried forward", null, balance);
                page.AddText("Page 1 of 2", 8, new PdfPoint(280, 40), font);
                page = builder.AddPage(PageSize.A4);
                page.AddText("Riverbank Credit Union - Account Statement - page 2", 8, new PdfPoint(50, 800), font);
                y = 760;
                Line(page, font, y, "15 Mar", "Balance brought forward", null, balance);
            }

            balance += Transactions[i].Amount;
            Line(page, font, y -= 18, Transactions[i].Date, Transactions[i].Details, Transactions[i].Amount, balance);
        }

        page.AddText("Please report any discrepancy within 30 days.", 8, new PdfPoint(50, y - 60), font);
        return TestDocuments.FixId(builder.Build());
    }

    private static void Line(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, double y, string date, string details, decimal? amount, decimal balance)
    {
        page.AddText(date, 9, new PdfPoint(50, y), font);
        page.AddText(details, 9, new PdfPoint(110, y), font);
        if (amount is { } a)
        {
            TestDocuments.AddRightAligned(page, Math.Abs(a).ToString("#,##0.00", CultureInfo.InvariantCulture) + (a < 0 ? " DR" : " CR"), 9, 450, y, font);
        }

        TestDocuments.AddRightAligned(page, balance.ToString("#,##0.00", CultureInfo.InvariantCulture), 9, 545, y, font);
    }
}

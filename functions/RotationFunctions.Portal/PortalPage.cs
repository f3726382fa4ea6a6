using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace RotationFunctions.Portal.Web;

/// <summary>
/// One server-rendered page. Every value goes in through <see cref="E"/> (HTML-encoded); markup is only
/// ever the constants written here, so a curator named &lt;script&gt; is shown as text.
/// </summary>
internal sealed class PortalPage(PortalTexts texts, string title)
{
    // Letters of every script pass as they are (å, ä, ö stay readable); <, >, &, quotes and controls are encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _main = new();

    public PortalTexts Texts => texts;

    public static string E(string? value) => Encoder.Encode(value ?? "");

    public PortalPage Heading(string text, int level = 2) => Markup($"<h{level}>{E(text)}</h{level}>");

    public PortalPage Paragraph(string text, string? cssClass = null, string? id = null, string? lang = null) =>
        Markup($"<p{Attr("class", cssClass)}{Attr("id", id)}{Attr("lang", lang)}>{E(text)}</p>");

    public PortalPage Notice(string text, bool error, string id = "notice") =>
        Markup($"<div id=\"{id}\" class=\"notice {(error ? "error" : "ok")}\" role=\"{(error ? "alert" : "status")}\">{E(text)}</div>");

    /// <summary>Markup written by this assembly; never a value from a request or a row (those go through <see cref="E"/>).</summary>
    public PortalPage Markup(string html)
    {
        _main.Append(html).Append('\n');
        return this;
    }

    public string Render(string? curatorName = null) =>
        $"""
        <!DOCTYPE html>
        <html lang="{texts.Lang}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <title>{E(title)} – {E(texts.Title)}</title>
        <link rel="stylesheet" href="{PortalPaths.Style}">
        </head>
        <body>
        <header><p class="muted">{E(texts.Title)}</p><h1>{E(curatorName is null ? title : string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.Hello, curatorName))}</h1></header>
        <main>
        {_main}</main>
        </body>
        </html>
        """;

    private static string Attr(string name, string? value) => value is null ? "" : $" {name}=\"{E(value)}\"";
}

using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace RotationFunctions.Notices;

/// <summary>
/// A notice's words, once: a subject and blocks (paragraphs, a link, a list) that render as the text part and
/// as the HTML part. Every value is HTML-encoded in the one place the HTML is written, so a curator's name or an
/// admin's guidelines can never become markup.
/// </summary>
public sealed record NoticeContent(string Subject, IReadOnlyList<NoticeContent.Block> Blocks)
{
    /// <summary>Encodes what HTML gives meaning to (and what cannot be sent as is), but leaves å, ä and ö readable in the source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public abstract record Block;

    public sealed record Paragraph(string Text) : Block;

    public sealed record Link(string Label, string Url) : Block;

    public sealed record List(IReadOnlyList<string> Items) : Block;

    public string Text()
    {
        var text = new StringBuilder();
        foreach (var block in Blocks)
        {
            switch (block)
            {
                case Paragraph p:
                    text.Append(p.Text).Append("\n\n");
                    break;
                case Link l:
                    text.Append(l.Label).Append(":\n").Append(l.Url).Append("\n\n");
                    break;
                case List list:
                    text.AppendJoin("", list.Items.Select(i => $"- {i}\n")).Append('\n');
                    break;
            }
        }
        return text.ToString().TrimEnd() + "\n";
    }

    public string Html(string language)
    {
        static string E(string value) => Encoder.Encode(value);
        var html = new StringBuilder($"<!DOCTYPE html>\n<html lang=\"{E(language)}\"><head><meta charset=\"utf-8\"><title>{E(Subject)}</title></head><body>\n");
        foreach (var block in Blocks)
        {
            html.Append(block switch
            {
                Paragraph p => $"<p>{E(p.Text).ReplaceLineEndings("<br>")}</p>\n",
                Link l => $"<p><a href=\"{E(l.Url)}\">{E(l.Label)}</a></p>\n",
                List list => $"<ul>{string.Concat(list.Items.Select(i => $"<li>{E(i)}</li>"))}</ul>\n",
                _ => "",
            });
        }
        return html.Append("</body></html>\n").ToString();
    }
}

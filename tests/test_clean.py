"""Cleaning: the seeds' metadata and furniture against the gold, and general rules on composed texts."""

from dossier.clean import normalise, prepare
from dossier.clean.text import byline, clean_lines, is_credit, is_furniture
from dossier.model import RawArticle
from dossier.values.dates import date_line, parse_date

from .conftest import RESOURCES, SAMPLE, gold_docs


def _seed(doc_key):
    path = SAMPLE / f"{doc_key}.txt"
    return prepare(RawArticle(source=str(path), text=path.read_text(encoding="utf-8")))


def test_seed_titles_dates_and_boilerplate_match_gold():
    for g in gold_docs():
        d = _seed(g["doc"])
        assert d.title == g["title"], g["doc"]
        assert d.published == g["published"], g["doc"]
        if g.get("author"):
            assert d.author == g["author"]
        for line in g.get("boilerplate", []):
            assert line not in d.text, (g["doc"], line)
            assert line in d.boilerplate + d.teasers, (g["doc"], line)  # set apart, not lost


def test_teasers_kept_apart_from_body():
    for g in gold_docs():
        d = _seed(g["doc"])
        for f in g["facts"]:
            if "teaser" in (f.get("note") or "") or "'Read also'" in (f.get("note") or ""):
                assert f["evidence"] not in d.text
                assert any(f["evidence"] in t for t in d.teasers)


def test_composed_page_headline_label_dateline_byline_and_teaser():
    page = "\n".join([
        "World", "", "Finland opens new artillery shell plant in Lapua", "Finland opens new artillery shell plant in Lapua",
        "12 January 2025 | 14:05", "By Mikko Virtanen", "",
        "Finland has opened a new production line for artillery shells, the defence ministry said on Monday.",
        "The line will produce 155mm shells for the Finnish Defence Forces and for export.",
        "Officials said output would double within two years.",
        "Estonia signs deal for more rocket launchers",
        "The contract was signed in Tallinn on Friday.",
        "Share this article", "Facebook Twitter WhatsApp", "Most read", "Germany to buy more tanks",
    ])
    c = clean_lines(normalise(page))
    assert c.title == "Finland opens new artillery shell plant in Lapua"
    assert c.published == "2025-01-12"
    assert c.author == "Mikko Virtanen"
    assert "Estonia signs deal" not in c.body and "Tallinn" not in c.body
    assert "Estonia signs deal for more rocket launchers" in c.teasers
    assert "Germany to buy more tanks" in c.teasers
    assert "World" in c.boilerplate and "Share this article" in c.boilerplate
    assert c.body.startswith("Finland has opened")
    assert c.body.count("\n\n") == 2


def test_site_name_above_headline_and_dated_byline():
    page = "\n".join(["Defence Industry News", "", "Romania orders more air defence systems from Germany", "",
                      "By Ioana Popescu | 4 July 2024, 10:15", "",
                      "Romania has ordered additional air defence systems, the ministry in Bucharest said on Thursday.",
                      "The systems will be delivered next year."])
    c = clean_lines(normalise(page))
    assert c.title == "Romania orders more air defence systems from Germany"
    assert "Defence Industry News" in c.boilerplate
    assert c.author == "Ioana Popescu" and c.published == "2024-07-04"
    assert c.body.startswith("Romania has ordered")


def test_short_headline_alone_is_kept():
    c = clean_lines("Czech deal signed\n\nThe Czech government signed the contract for new howitzers on Monday.")
    assert c.title == "Czech deal signed"


def test_subheading_with_long_section_is_kept():
    paras = ["A headline about a drone coalition meeting", "First paragraph of the story, with details.",
             "Second paragraph with more details.", "What the coalition plans next for production",
             "Third paragraph.", "Fourth paragraph.", "Fifth paragraph."]
    c = clean_lines("\n".join(paras))
    assert "What the coalition plans next for production" in c.body


def test_furniture_rules():
    assert is_furniture("Facebook Twitter LinkendIn")
    assert is_furniture("3 min read")
    assert is_furniture("Photo: Reuters")
    assert is_credit("Jane Doe/ Ministry of Defence photo")
    assert not is_furniture("Lithuania has provided more than €705 million in military aid to Ukraine.")
    assert byline("By Defence Industry Europe") == (None, "Defence Industry Europe")
    assert byline("By Jane Doe, Reuters") == ("Jane Doe", "Reuters")
    assert byline("By the end of the year the plant will open.") is None


def test_dates():
    assert date_line("March 2, 2025 9:29 AM") == "2025-03-02"
    assert date_line("Published: 4 July 2023, 10:15 UTC") == "2023-07-04"
    assert date_line("The deal was signed on March 2, 2025 in Kyiv") is None
    assert parse_date("2024-11-05T08:30:00+01:00") == "2024-11-05"
    assert parse_date("Tuesday, 5th November 2024") == "2024-11-05"


def test_normalise_nfc_and_spaces():
    s = normalise("Kasc\u030ciu\u0304nas\u00a0said\u200b it\r\n")
    assert s == "Kasčiūnas said it\n"


def test_html_article_metadata_and_furniture():
    html = (RESOURCES / "article.html").read_text(encoding="utf-8")
    d = prepare(RawArticle(source="article.html", html=html, format="html"))
    assert d.title == "Norway orders new air defence systems"
    assert d.published == "2024-11-05"
    assert d.author == "Ingrid Solberg"
    assert d.outlet == "Nordic Defence Review"
    assert "NOK 4.2 billion" in d.text and "Kongsberg" in d.text
    assert "Denmark weighs frigate purchase" not in d.text
    assert "Finland opens ammunition plant" not in d.text
    assert "All rights reserved" not in d.text

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
    # time zones beyond Europe's, reading times, "(Kyiv time)", a "Publication date" label
    assert date_line("Aug 27, 2022, 10:15 AM ET") == "2022-08-27"
    assert date_line("Sep 3, 2024, 8:00 AM KST") == "2024-09-03"
    assert date_line("03/09/2024 - 14:05 (Kyiv time)") == "2024-09-03"
    assert date_line("3 September 2024 - 3 min read") == "2024-09-03"
    assert date_line("Publication date: 3 September 2024") == "2024-09-03"
    assert date_line("The talks start at 10:15 ET on 3 September 2024") is None
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


def test_date_line_forms_under_a_headline():
    forms = {"Published: 27.08.2022": "2022-08-27", "27.08.2022": "2022-08-27", "2024-02-22 14:05": "2024-02-22",
             "27 August 2022": "2022-08-27", "August 27, 2022": "2022-08-27", "Aug. 27, 2022 10:15 am": "2022-08-27",
             "Tue 27 Aug 2022": "2022-08-27", "22/02/2024": "2024-02-22", "2025-10-23T01:59:43+02:00": "2025-10-23",
             "15:55 25.02.2025": "2025-02-25", "Updated: 28 Aug 2022 | Published: 27 Aug 2022": "2022-08-27",
             "Updated 28.08.2022 Published 27.08.2022": "2022-08-27", "2022/08/27": "2022-08-27"}
    for line, iso in forms.items():
        c = clean_lines(f"Latvia buys new coastal defence missiles\n{line}\n\n{PROSE[0]}\n\n{PROSE[1]}")
        assert c.published == iso, line
        assert c.title == "Latvia buys new coastal defence missiles" and line not in c.body


PROSE = ["Latvia has signed a contract for a coastal defence missile system, the defence ministry in Riga said on "
         "Tuesday, in the largest purchase in the history of its armed forces.",
         "The first launchers are to be delivered in 2026, and the crews will be trained abroad before the system "
         "enters service with the navy next year.",
         "The purchase is financed from the defence budget, which will rise above three percent of the country's "
         "gross domestic product next year, the minister told reporters."]


def test_publication_date_from_the_page_top_not_the_body():
    # a label line and a date line with other parts, below the headline
    c = clean_lines("\n\n".join(["Latvia buys new coastal defence missiles", "World",
                                 "Press release | Date: 09/07/2024 | Ministry of Defence", *PROSE]))
    assert c.published == "2024-07-09" and c.body.startswith("Latvia has signed")
    # a dateline with place and agency; an opening dateline in the first paragraph
    c = clean_lines("\n\n".join(["Latvia buys new coastal defence missiles", "Riga, Latvia (AFP) Dec 2, 2025", *PROSE]))
    assert c.published == "2025-12-02"
    c = clean_lines("\n\n".join(["Latvia buys new coastal defence missiles", "RIGA, December 2, 2025 – " + PROSE[0],
                                 *PROSE[1:]]))
    assert c.published == "2025-12-02" and c.body.startswith("RIGA, December 2, 2025 – Latvia")
    # a saved page: its title, the site's top bar with today's date, then the article's own header
    c = clean_lines("\n".join(["Latvia buys new coastal defence missiles", "Monday, 05 January 2026 10:00 GMT",
                               "Latvia buys new coastal defence missiles", "2025-12-02 08:15:00", *PROSE]))
    assert c.published == "2025-12-02"
    # no stated date: none invented, not even from a date in the body
    c = clean_lines("\n\n".join(["Latvia buys new coastal defence missiles", *PROSE,
                                 "The contract was signed on 2 December 2025 in Riga.", "March 3, 2025"]))
    assert c.published is None


def test_marker_above_the_body_does_not_drop_it():
    for marker in ("Latest news", "Related", "Read more", "Most popular"):
        c = clean_lines("\n\n".join(["Latvia buys new coastal defence missiles", marker, *PROSE]))
        assert c.title == "Latvia buys new coastal defence missiles"
        assert all(p in c.body for p in PROSE), marker
        assert marker not in c.body
    # after the body, the same marker still ends the article: the teasers below are kept apart
    c = clean_lines("\n\n".join(["Latvia buys new coastal defence missiles", *PROSE, "Related",
                                 "Estonia orders more howitzers from South Korea",
                                 "Lithuania opens a new ammunition plant near Vilnius"]))
    assert c.body.endswith(PROSE[-1]) and "Estonia orders more howitzers from South Korea" in c.teasers

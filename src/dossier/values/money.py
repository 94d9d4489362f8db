"""Money and shares of GDP as news writes them.

"€705 million", "20 million euros ($21 million)", "EUR 2.4B", "$2.8 billion", "USD 6mn", "€30-45 million",
"PLN 1.3 billion", with qualifiers (more than, over, up to, almost, ...); "5.5% of GDP", "0.25 percent of its
GDP", "from 3 to 4 percent". A bracketed amount right after another is its conversion, not a second sum.
Conversion to euros uses the ECB reference rate of the date (CurrencyConverter carries the ECB history).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from ..model import Amount

# Crowns are Norwegian, Danish, Swedish, Icelandic or Czech: an unqualified "kroner"/"crowns" takes the
# currency of the country the text is about (find_money's `home`), else the word's most common one.
CROWN = "CROWN"
CROWN_OF = {"NO": "NOK", "DK": "DKK", "SE": "SEK", "IS": "ISK", "CZ": "CZK"}
# States whose own currency is a dollar: a bare "$" in a text about one of them is that dollar.
DOLLAR_OF = {"CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "TW": "TWD", "HK": "HKD"}
CROWN_DEFAULT = {"kroner": "NOK", "krone": "DKK", "kronor": "SEK", "krona": "SEK", "kronur": "ISK", "krónur": "ISK",
                 "crowns": "CZK"}
SYMBOLS = {"€": "EUR", "$": "USD", "us$": "USD", "u.s. $": "USD", "u.s.$": "USD", "u.s $": "USD", "£": "GBP",
           "¥": "JPY", "₴": "UAH", "zł": "PLN", "c$": "CAD", "ca$": "CAD", "can$": "CAD", "a$": "AUD", "au$": "AUD",
           "nz$": "NZD", "hk$": "HKD", "₽": "RUB", "₩": "KRW", "₪": "ILS", "₹": "INR", "c $": "CAD",
           "kč": "CZK", "chf": "CHF", "fr.": "CHF", "rs": "INR", "rs.": "INR", "nt$": "TWD", "s$": "SGD",
           "₺": "TRY", "tl": "TRY", "r$": "BRL", "rp": "IDR", "rp.": "IDR", "dh": "AED", "dhs": "AED", "e£": "EGP"}
CODES = ("EUR USD GBP PLN NOK SEK DKK CHF JPY CAD AUD UAH CZK HUF RON KRW TRY ILS INR CNY RMB RUB BGN ISK NZD SGD "
         "TWD PHP IDR MYR THB PKR VND "
         "HKD AED SAR BRL MXN ZAR EGP QAR KWD NIS").split()
CODE_ALIASES = {"RMB": "CNY", "NIS": "ILS"}  # codes news uses that are not ISO 4217
WORDS = {  # longest first when compiled
    "euros": "EUR", "euro": "EUR", "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD",
    "american dollars": "USD", "canadian dollars": "CAD", "canadian dollar": "CAD", "australian dollars": "AUD",
    "australian dollar": "AUD", "new zealand dollars": "NZD", "hong kong dollars": "HKD", "hong kong dollar": "HKD",
    "dollars": "USD", "dollar": "USD", "pounds sterling": "GBP", "british pounds": "GBP", "british pound": "GBP",
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "zlotys": "PLN", "zloty": "PLN", "zlotych": "PLN",
    "złoty": "PLN", "złotys": "PLN", "polish zlotys": "PLN", "korean won": "KRW", "south korean won": "KRW",
    "indian rupees": "INR", "israeli shekels": "ILS", "new shekels": "ILS", "hungarian forints": "HUF",
    "romanian lei": "RON", "bulgarian leva": "BGN", "bulgarian lev": "BGN", "ukrainian hryvnias": "UAH",
    "singapore dollars": "SGD", "saudi riyals": "SAR", "riyals": "SAR", "dirhams": "AED",
    "norwegian kroner": "NOK", "norwegian krone": "NOK", "norwegian crowns": "NOK", "danish kroner": "DKK",
    "danish krone": "DKK", "danish crowns": "DKK", "swedish kronor": "SEK", "swedish krona": "SEK",
    "swedish kroner": "SEK", "swedish crowns": "SEK", "icelandic kronur": "ISK", "icelandic krona": "ISK",
    "icelandic krónur": "ISK", "icelandic crowns": "ISK", "czech crowns": "CZK", "czech korunas": "CZK",
    "czech koruna": "CZK", "koruna": "CZK", "korunas": "CZK", "korun": "CZK", "kroner": CROWN, "krone": CROWN,
    "kronor": CROWN, "krona": CROWN, "kronur": CROWN, "krónur": CROWN, "crowns": CROWN, "hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "hryvna": "UAH",
    "swiss francs": "CHF", "swiss franc": "CHF", "francs": "CHF", "yen": "JPY", "japanese yen": "JPY",
    "chinese yuan": "CNY", "yuan": "CNY", "renminbi": "CNY", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rouble": "RUB", "forints": "HUF", "forint": "HUF", "lei": "RON", "leu": "RON", "won": "KRW", "shekels": "ILS",
    "shekel": "ILS", "rupees": "INR", "rupee": "INR", "turkish lira": "TRY", "lira": "TRY", "liras": "TRY",
    "new taiwan dollars": "TWD", "taiwan dollars": "TWD", "philippine pesos": "PHP", "ringgit": "MYR",
    "baht": "THB", "rupiah": "IDR", "pakistani rupees": "PKR", "egyptian pounds": "EGP", "egyptian pound": "EGP",
    "levs": "BGN", "leva": "BGN", "lev": "BGN", "reais": "BRL", "real": "BRL", "pesos": "MXN", "rand": "ZAR",
}
MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
               "mil": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12,
               "tn": 1e12, "tr": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5, "lakh crore": 1e12,
               "lakh crores": 1e12}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100, "several": None,
                "half a": 0.5, "a half": 0.5, "half an": 0.5, "a quarter of a": 0.25, "quarter of a": 0.25,
                "three quarters of a": 0.75, "a third of a": 1 / 3, "two thirds of a": 2 / 3}
QUALIFIERS = {
    "more_than": ["more than", "over", "exceeding", "in excess of", "above", "upwards of", "just over", "well over",
                  "beyond", "surpassing", "exceeds", "exceeded", "topping"],
    "at_least": ["at least", "no less than", "not less than", "a minimum of", "minimum of", "at a minimum"],
    "up_to": ["up to", "as much as", "a maximum of", "no more than", "not more than", "maximum of", "under",
              "a potential", "potential", "a ceiling of", "ceiling of",
              "less than", "below", "just under", "as many as"],
    "about": ["almost", "nearly", "around", "about", "approximately", "roughly", "some", "close to", "an estimated",
              "estimated", "approx.", "approx", "circa", "c.", "~", "an approximate", "almost", "nearly"],
}
_QUAL = {phrase: q for q, phrases in QUALIFIERS.items() for phrase in phrases}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_NUMW = r"(?:a\s+|three\s+)?quarters?\s+of\s+an?|(?:a|two)\s+thirds?\s+of\s+an?|half\s+an?|a half|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|hundred"
_MULT = r"thousand|millions?|billions?|trillion|lakh\s+crores?|crores?|lakhs?|mln|bln|mn|bn|tn|mil|[mbk](?![\w])"


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_SYM = _alt(SYMBOLS)
_CODE = "|".join(CODES)
_WORD = _alt(WORDS)
_QUALRE = _alt(_QUAL)
_AMOUNT = rf"(?P<num>{_NUM}|{_NUMW})(?:\s*(?:-|–|to)\s*(?P<num2>{_NUM}))?(?:\s*(?P<mult>{_MULT}))?"
MONEY = re.compile(
    rf"(?<![\w$€£])(?:(?P<qual>{_QUALRE})\s+)?"
    rf"(?:(?P<sym>{_SYM})\s?(?P<a1>{_AMOUNT.replace('?P<', '?P<a1_')})"
    rf"|(?P<code>(?-i:{_CODE}))\s?(?P<a2>{_AMOUNT.replace('?P<', '?P<a2_')})"
    rf"|(?P<a3>{_AMOUNT.replace('?P<', '?P<a3_')})\s*(?:of\s+)?(?P<word3>{_WORD})(?![a-z])"
    rf"|(?P<a5>{_AMOUNT.replace('?P<', '?P<a5_').replace('|' + _NUMW + ')', ')')})\s*(?P<code5>(?i:{_CODE}))(?![a-z])"
    rf"|(?P<a4>{_AMOUNT.replace('?P<', '?P<a4_').replace('|' + _NUMW + ')', ')')})\s?(?P<sym4>€|\$|£|zł)"
    rf")",
    re.I,
)
PERCENT = re.compile(
    rf"(?:(?P<qual>{_QUALRE})\s+)?(?:from\s+(?P<from>{_NUM})\s*(?:%|percent|per\s?cent)?\s*to\s+|between\s+(?P<btw>{_NUM})\s*(?:%|percent|per\s?cent)?\s*and\s+)?"
    rf"(?P<num>{_NUM}|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))(?:\s*(?:-|–)\s*(?P<num2>{_NUM}))?\s*"
    r"(?:%|percent(?:age)?s?\b|per\s?cent\b|pct\b|percentage points?\b)",
    re.I,
)
PERCENT_WORD = re.compile(r"per\s?cent|pct|percentage", re.I)
# What news writes for GDP besides GDP: "4% of its economic output", "2 percent of national output", GNP, GNI
_OUTPUT = r"(?:economic|national)\s+output|gross\s+national\s+(?:product|income)|GNP|GNI|national\s+income"
GDP_WORD = re.compile(r"\b(?:GDP|gross domestic product|" + _OUTPUT + r")\b", re.I)
GDP = re.compile(r"\b(?:of\s+(?:its|their|the\s+country's|the\s+nation's|national|[A-Z][\w'’]*(?:'s|’s)?|the)?\s*)?"
                 r"(?:GDP|gross\s+domestic\s+product|" + _OUTPUT + r")\b", re.I)


# "NATO's 2% target", "the two percent goal": NATO's spending guideline is a share of GDP
TARGET_AFTER = re.compile(r"\s*(?:(?:defen[cs]e|military)\s+)?(?:spending\s+)?(?:target|goal|benchmark|threshold|guideline|"
                          r"mark|commitment|pledge)\b", re.I)
DEFENCE_TARGET = re.compile(r"\b(?:NATO|defen[cs]e|military)\b", re.I)
# A percentage stated as the level of defence spending is a share of GDP, named or not: "raise defence spending
# to 2.5%", "spend 2.6 per cent on defence", "the NATO target of two percent", "2.8% of its economy" (not "rose
# by 10%": a change is no level).
LEVEL_BEFORE = re.compile(
    r"\b(?:defen[cs]e|military|security)\s+(?:spending|budgets?|expenditures?|outlays?)(?:\s+[\w'’]+){0,4}?\s+"
    r"(?:to|at|of|reach(?:es|ed|ing)?|hit(?:s|ting)?|is|was|be|stood\s+at|stands\s+at|(?:equal|equivalent)\s+to|"
    r"exceed(?:s|ed|ing)?)\s*$", re.I)
TARGET_OF_BEFORE = re.compile(r"\b(?:target|goal|benchmark|threshold|guideline)\s+of\s*$", re.I)
SPEND_BEFORE = re.compile(r"\bspen(?:d|ds|t|ding)\s*$", re.I)
ON_DEFENCE_AFTER = re.compile(r"\s*on\s+(?:its\s+|their\s+|the\s+)?(?:core\s+)?(?:defen[cs]e|military|armed\s+forces)\b",
                              re.I)
ECONOMY_AFTER = re.compile(r"\s*of\s+(?:its|their|the(?:\s+country['’]s|\s+nation['’]s)?|[A-Z][\w'’]*(?:'s|’s))\s+economy\b")
CHANGE_BEFORE = re.compile(r"\b(?:up|down|rose|fell|grew|grow|grows|increased?|decreased?|rise|rises|falls?|by|"
                           r"(?:rise|increase|growth|jump|cut|drop)\s+of)\s*$", re.I)
CHANGE_AFTER = re.compile(r"\s*(?:from|over|year-on-year|on\s+(?:the\s+)?year|increase|rise|growth|higher|lower|"
                          r"more|less|jump|cut|drop)\b", re.I)
LEVEL_MAX = 10.0  # a defence budget above 10% of GDP is a war economy's; a larger figure is something else


def _number(num: str) -> Optional[float]:
    s = num.strip().lower()
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s]
    s = re.sub(r"\s+", " ", s)
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d+,\d{1,2}", s):  # a decimal comma ("2,5 billion")
        return float(s.replace(",", "."))
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


@dataclass
class MoneySpan:
    amount: Amount
    conversion: bool = False  # a bracketed equivalent of the amount before it


def find_money(text: str, home: Optional[str] = None) -> list[MoneySpan]:
    """Every amount of money in `text`; `home` (ISO country the text is about) settles unqualified crowns and a
    bare "$" (Canada's or Australia's dollar in a text about Canada or Australia)."""
    out: list[MoneySpan] = []
    for m in MONEY.finditer(text):
        g = m.groupdict()
        k = next(x for x in ("a1", "a2", "a3", "a4", "a5") if g[x])
        num, num2, mult = g[f"{k}_num"], g[f"{k}_num2"], g[f"{k}_mult"]
        if k == "a1":
            cur = SYMBOLS.get(re.sub(r"\s+", " ", g["sym"].lower()))
        elif k == "a2":
            cur = g["code"].upper()
        elif k == "a3":
            cur = WORDS.get(re.sub(r"\s+", " ", (g["word3"] or "").lower()))
        elif k == "a5":
            cur = g["code5"].upper()
        else:
            cur = SYMBOLS.get(g["sym4"])
        cur = CODE_ALIASES.get(cur or "", cur)
        if k == "a1" and g["sym"] == "$" and home in DOLLAR_OF:
            cur = DOLLAR_OF[home]
        if cur == CROWN:
            word = re.sub(r"\s+", " ", (g["word3"] or "").lower())
            cur = CROWN_OF.get(home or "") or CROWN_DEFAULT.get(word, "NOK")
        value = _number(num)
        if value is None or cur is None:
            continue
        scale = MULTIPLIERS.get(re.sub(r"\s+", " ", (mult or "").lower()), 1.0)
        high = _number(num2) * scale if num2 else None
        qual = _QUAL.get(re.sub(r"\s+", " ", (g["qual"] or "").lower()), "exact")
        if high is not None and qual == "exact":
            qual = "at_least"
        amt = Amount(value=round(value * scale, 2), currency=cur, qualifier=qual, text=m.group(0), start=m.start(),
                     end=m.end(), high=high)
        conversion = bool(out) and re.fullmatch(r"\s*\(\s*(?:about\s+|approx\.?\s+|~\s*)?", text[out[-1].amount.end:m.start()]) is not None \
            and text[m.end():m.end() + 2].lstrip().startswith(")")
        out.append(MoneySpan(amt, conversion))
    return sorted(out + _bare_amounts(text, out), key=lambda x: x.amount.start)


# "will invest over 400 million euros, and the Romanian side will contribute 120 million": a bare scaled number
# after a sum in the same text is in that sum's currency, unless a noun follows it ("1.5 million shells").
BARE = re.compile(rf"(?<![\w$€£.,])(?:(?P<qual>{_QUALRE})\s+)?(?P<num>{_NUM})\s*(?P<mult>millions?|billions?|mln|bln|mn|bn)"
                  rf"(?![\w])(?!\s*\()(?!\s+(?!(?:in|from|to|for|of|and|or|by|on|at|this|next|last|per|as|with|will|would|was|were|is|are|has|have|had|over|until|through|between)\b)[a-z])", re.I)


def _bare_amounts(text: str, found: list[MoneySpan]) -> list[MoneySpan]:
    if not found:
        return []
    out = []
    for m in BARE.finditer(text):
        before = [x for x in found if x.amount.end <= m.start() and not x.conversion]
        if not before or any(x.amount.start <= m.start() < x.amount.end for x in found):
            continue
        value = _number(m.group("num"))
        if value is None:
            continue
        scale = MULTIPLIERS[m.group("mult").lower()]
        qual = _QUAL.get(re.sub(r"\s+", " ", (m.group("qual") or "").lower()), "exact")
        amt = Amount(value=round(value * scale, 2), currency=before[-1].amount.currency, qualifier=qual,
                     text=m.group(0), start=m.start(), end=m.end())
        out.append(MoneySpan(amt))
    return out


@dataclass
class Share:
    value: float  # a fraction: 5.5% -> 0.055
    start: int
    end: int
    text: str
    of_gdp: bool
    low: Optional[float] = None
    from_context: bool = False  # a bare percentage read as a share of GDP from the sentences before it


def a_change(text: str, start: int, end: int) -> bool:
    """The percentage at text[start:end] is a rise or a fall ("up 7.5 percent from this year"), not a level."""
    return bool(CHANGE_BEFORE.search(text[max(0, start - 40):start]) or CHANGE_AFTER.match(text, end))


def _stated_as_level(text: str, start: int, end: int) -> bool:
    """The percentage at text[start:end] is the level of a defence budget (LEVEL_BEFORE and its kin)."""
    before, after = text[max(0, start - 120):start], text[end:end + 80]
    return bool(LEVEL_BEFORE.search(before) or ECONOMY_AFTER.match(after) or (
        TARGET_OF_BEFORE.search(before) and DEFENCE_TARGET.search(text)) or (
        SPEND_BEFORE.search(before) and ON_DEFENCE_AFTER.match(after)))


def find_shares(text: str) -> list[Share]:
    """Percentages, marked when they are shares of GDP (GDP named right after, or later in the clause)."""
    if "%" not in text and not PERCENT_WORD.search(text):
        return []  # (most sentences: the full pattern is slow to fail)
    out = []
    for m in PERCENT.finditer(text):
        v = _number(m.group("num2") or m.group("num"))
        if v is None:
            continue
        low = m.group("from") or m.group("btw") or (m.group("num") if m.group("num2") else None)
        after = text[m.end(): m.end() + 60]
        clause = re.split(r"[.;]", after, maxsplit=1)[0]
        of_gdp = bool(GDP.match(after.lstrip())) or (not a_change(text, m.start(), m.end()) and (
            bool(GDP_WORD.search(clause)) or bool(TARGET_AFTER.match(after) and DEFENCE_TARGET.search(text))
            or (v <= LEVEL_MAX and _stated_as_level(text, m.start(), m.end()))))
        out.append(Share(round(v / 100, 6), m.start(), m.end(), m.group(0), of_gdp,
                         round(_number(low) / 100, 6) if low and _number(low) is not None else None))
    return out


@lru_cache(maxsize=1)
def _converter():
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def to_eur(value: float, currency: str, on: Optional[str]) -> Optional[float]:
    """The euro value at the ECB reference rate of `on` (YYYY[-MM[-DD]]); the latest rate when no date."""
    if currency == "EUR":
        return value
    conv = _converter()
    if currency not in conv.currencies:
        return None
    d = None
    if on:
        parts = [int(x) for x in on.split("-")] + [1, 1]
        try:
            d = date(parts[0], parts[1] or 1, parts[2] or 1)
        except ValueError:
            d = None
    try:
        return round(conv.convert(value, currency, "EUR", date=d), 2)
    except (ValueError, KeyError, Exception):  # outside the table's range or an unknown currency
        return None
